package org.rpb.pacs.web.lookup;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBAccessException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.omnifaces.util.Messages;

import org.rpb.pacs.lookup.StudyDetail;
import org.rpb.pacs.lookup.StudyDetailService;
import org.rpb.pacs.staging.job.StagingJobService;
import org.rpb.pacs.staging.job.StagingRefusedException;
import org.rpb.pacs.web.message.PageMessages;

/**
 * Study detail of a clinical study opened from the lookup: series table with per-series selection and the
 * RT reference tree; choosing an RT series also chooses what it references (a plan its structure set, and
 * that one's image series), so that the staged copy keeps resolvable references. Stages the chosen series
 * into Study0.
 */
@Named
@ViewScoped
public class StudyDetailPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    private StudyChoice choice;

    @Inject
    private StudyDetailService details;

    @Inject
    private StagingJobService staging;

    private StudyDetail detail;
    private List<ReferenceTreeRow> tree = List.of();
    private final Map<String, Boolean> selected = new HashMap<>();

    @PostConstruct
    void load() {
        if (!choice.chosen()) {
            return;
        }
        try {
            detail = details.detail(choice.pid(), choice.studyInstanceUid());
            tree = ReferenceTree.rows(detail);
        } catch (StagingRefusedException | EJBAccessException e) {
            PageMessages.failure(e);
        }
    }

    /**
     * Called after a series' box changed: a chosen series brings along every series it references.
     *
     * @param seriesInstanceUid the series
     */
    public void toggled(String seriesInstanceUid) {
        if (detail != null && Boolean.TRUE.equals(selected.get(seriesInstanceUid))) {
            for (String uid : detail.withReferences(List.of(seriesInstanceUid))) {
                selected.put(uid, Boolean.TRUE);
            }
        }
    }

    /** Chooses every series. */
    public void selectAll() {
        if (detail != null) {
            detail.series().forEach(s -> selected.put(s.seriesInstanceUid(), Boolean.TRUE));
        }
    }

    /** Clears the choice. */
    public void selectNone() {
        selected.clear();
    }

    /** @return the chosen series, in table order */
    public List<String> chosen() {
        List<String> out = new ArrayList<>();
        if (detail != null) {
            detail.series().stream().map(StudyDetail.Series::seriesInstanceUid)
                    .filter(uid -> Boolean.TRUE.equals(selected.get(uid))).forEach(out::add);
        }
        return out;
    }

    /** Stages the chosen series into Study0 and opens the jobs page. */
    public void stage() {
        List<String> series = chosen();
        if (detail == null || series.isEmpty()) {
            Messages.addGlobalWarn("Choose at least one series to stage.");
            return;
        }
        try {
            long exec = staging.stageIntoStudy0(detail.studyInstanceUid(), series, detail.pid());
            PageMessages.toJobsPage("Staging job " + exec + " started for " + series.size() + " series");
        } catch (StagingRefusedException | EJBAccessException e) {
            PageMessages.failure(e);
        }
    }

    /**
     * @param s a series
     * @return how the page names it: modality, number and description
     */
    public String label(StudyDetail.Series s) {
        return SeriesLabels.label(s);
    }

    /**
     * @param uids series UIDs of this study
     * @return their labels, separated by commas
     */
    public String labels(List<String> uids) {
        return detail == null ? "" : SeriesLabels.labels(detail, uids);
    }

    /** @return the study's Modalities in Study, separated by commas instead of backslashes */
    public String modalities() {
        return detail == null ? "" : SeriesLabels.modalities(detail.modalities());
    }

    /** @return the study, or null if none could be shown */
    public StudyDetail getDetail() {
        return detail;
    }

    /** @return the RT reference tree's rows */
    public List<ReferenceTreeRow> getTree() {
        return tree;
    }

    /** @return chosen flags by Series Instance UID, bound to the boxes */
    public Map<String, Boolean> getSelected() {
        return selected;
    }
}
