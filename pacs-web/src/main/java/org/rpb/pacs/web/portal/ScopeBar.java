package org.rpb.pacs.web.portal;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.omnifaces.util.Faces;
import org.omnifaces.util.Messages;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.ScopeNotAccessibleException;
import org.rpb.pacs.web.message.PageMessages;

/** The top bar's choice of the active study and site. */
@Named
@ViewScoped
public class ScopeBar implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private ActiveScopeService scopes;

    private List<ActiveScope> choices;
    private String selected;

    @PostConstruct
    void init() {
        choices = scopes.choices();
        try {
            ActiveScope current = scopes.current();
            selected = key(current);
        } catch (NoActiveScopeException e) {
            selected = null;
        }
    }

    /** Makes the chosen study and site active and shows the page again in the new scope. */
    public void change() throws IOException {
        int at = selected == null ? -1 : selected.indexOf('@');
        if (at < 0) {
            Messages.addGlobalError("Choose a study and a site.");
            return;
        }
        try {
            scopes.select(selected.substring(0, at), selected.substring(at + 1));
        } catch (ScopeNotAccessibleException e) {
            PageMessages.failure(e);
            return;
        }
        Faces.refreshWithQueryString();
    }

    public List<ActiveScope> getChoices() {
        return choices;
    }

    public String getSelected() {
        return selected;
    }

    public void setSelected(String selected) {
        this.selected = selected;
    }

    private static String key(ActiveScope scope) {
        return scope.study().code() + "@" + scope.site().code();
    }
}
