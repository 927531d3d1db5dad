package org.rpb.pacs.web.subjects;

import java.io.Serializable;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;

import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.thumbnail.Thumbnail;
import org.rpb.pacs.thumbnail.ThumbnailService;

/** A recorded study of the active study and site: its series with thumbnails and downloads. */
@Named
@ViewScoped
public class StudyPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    private StudyRecordService records;

    @EJB
    private ThumbnailService thumbnails;

    private Long recordId;
    private StudyRecord record;
    private final Map<String, Thumbnail> rendered = new HashMap<>();
    private final Map<String, String> problems = new HashMap<>();

    /** Loads the record of the view parameter; one of another study or site is not found. */
    public void load() {
        if (record != null || recordId == null) {
            return;
        }
        try {
            record = records.study(recordId).orElse(null);
        } catch (NoActiveScopeException e) {
            record = null;
        }
        if (record == null) {
            FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_WARN,
                    "Study record " + recordId + " is not in your active study and site", null));
        }
    }

    /**
     * @param s a series of the record
     * @return its thumbnail (RT labels instead of a picture), or null when it could not be made
     */
    public Thumbnail thumbnail(SeriesRecord s) {
        String uid = s.seriesInstanceUid();
        if (!rendered.containsKey(uid) && !problems.containsKey(uid)) {
            try {
                rendered.put(uid, thumbnails.thumbnail(record.id(), uid));
            } catch (NotInScopeException | NoActiveScopeException | java.io.IOException e) {
                problems.put(uid, e.getMessage());
            } catch (org.rpb.pacs.core.net.DicomNetworkException e) {
                problems.put(uid, "the research PACS did not answer: " + e.getMessage());
            }
        }
        return rendered.get(uid);
    }

    /**
     * @param s a series of the record
     * @return the PNG as a data URI, or null
     */
    public String thumbnailUri(SeriesRecord s) {
        Thumbnail t = thumbnail(s);
        return t == null || t.png() == null ? null : "data:image/png;base64," + Base64.getEncoder().encodeToString(t.png());
    }

    /**
     * @param s a series of the record
     * @return why its thumbnail is missing, or null
     */
    public String problem(SeriesRecord s) {
        return problems.get(s.seriesInstanceUid());
    }

    public Long getRecordId() {
        return recordId;
    }

    public void setRecordId(Long recordId) {
        this.recordId = recordId;
    }

    public StudyRecord getRecord() {
        return record;
    }
}
