package org.rpb.pacs.web.viewer;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;

import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.security.Roles;

/**
 * {@code viewer/index.xhtml?record=ID&series=UID}: the series of a study record of the active study and site in the
 * browser viewer. The page only checks that the record and series are in scope and says what is wrong otherwise; the
 * viewer script loads the images through {@code /dicomweb/}, which checks scope and roles again for every request.
 */
@Named
@RequestScoped
public class ViewerPage {

    @EJB
    private StudyRecordService records;

    private Long recordId;
    private String seriesUid;
    private StudyRecord record;
    private SeriesRecord series;
    private String problem;

    /** Resolves the view parameters. */
    public void load() {
        if (recordId == null || seriesUid == null) {
            problem = "Open the viewer from a study's series.";
            return;
        }
        try {
            record = records.study(recordId).orElse(null);
        } catch (NoActiveScopeException e) {
            record = null;
        }
        series = record == null ? null : record.series().stream()
                .filter(s -> s.seriesInstanceUid().equals(seriesUid)).findFirst().orElse(null);
        if (series == null) {
            problem = "This series is not in your active study and site.";
        } else if (!FacesContext.getCurrentInstance().getExternalContext().isUserInRole(Roles.PACS_DOWNLOAD)) {
            problem = "The viewer loads the images' pixel data, which needs the download role "
                    + "(ROLE_PACS_DOWNLOAD). The study page shows a thumbnail of each series.";
        }
    }

    /** @return whether the viewer can open */
    public boolean isReady() {
        return problem == null && series != null;
    }

    /** @return why it cannot, or null */
    public String getProblem() {
        return problem;
    }

    public Long getRecordId() {
        return recordId;
    }

    public void setRecordId(Long recordId) {
        this.recordId = recordId;
    }

    public String getSeriesUid() {
        return seriesUid;
    }

    public void setSeriesUid(String seriesUid) {
        this.seriesUid = seriesUid;
    }

    /** @return the record, or null */
    public StudyRecord getRecord() {
        return record;
    }

    /** @return the series, or null */
    public SeriesRecord getSeries() {
        return series;
    }
}
