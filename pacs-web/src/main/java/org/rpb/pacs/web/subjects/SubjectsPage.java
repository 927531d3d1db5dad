package org.rpb.pacs.web.subjects;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.upload.UploadSlotsService;

/** The subjects of the active study and site (filter, sort, paging and export are done by the table). */
@Named
@ViewScoped
public class SubjectsPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private UploadSlotsService slots;

    private List<Subject> subjects = new ArrayList<>();
    private List<Subject> filtered;
    private String problem;

    @PostConstruct
    void init() {
        try {
            // the table sorts its value in place: an immutable list would make every sort fail
            subjects = new ArrayList<>(slots.subjects());
        } catch (NoActiveScopeException | org.rpb.pacs.portal.DicomNotEnabledException e) {
            problem = e.getMessage();
        }
    }

    public List<Subject> getSubjects() {
        return subjects;
    }

    public List<Subject> getFiltered() {
        return filtered;
    }

    public void setFiltered(List<Subject> filtered) {
        this.filtered = filtered;
    }

    public String getProblem() {
        return problem;
    }
}
