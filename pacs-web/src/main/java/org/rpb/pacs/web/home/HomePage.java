package org.rpb.pacs.web.home;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.home.HomeOverview;
import org.rpb.pacs.home.PacsHomeService;
import org.rpb.pacs.portal.NoActiveScopeException;

/** The start page. */
@Named
@RequestScoped
public class HomePage {

    @Inject
    private PacsHomeService home;

    private HomeOverview overview;
    private String problem;

    @PostConstruct
    void init() {
        try {
            overview = home.overview();
        } catch (NoActiveScopeException e) {
            problem = e.getMessage();
        }
    }

    public HomeOverview getOverview() {
        return overview;
    }

    public String getProblem() {
        return problem;
    }
}
