package org.rpb.pacs.web.subjects;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;

import org.omnifaces.util.Messages;
import org.rpb.pacs.node.ArchiveUnavailableException;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.thumbnail.Thumbnail;
import org.rpb.pacs.thumbnail.ThumbnailService;
import org.rpb.pacs.thumbnail.ThumbnailUnavailableException;
import org.rpb.pacs.web.message.FailureMessages;
import org.rpb.pacs.web.thumbnail.Thumbnails;

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
    /** Made once per view and series: each costs a fetch of the series from the research PACS. */
    private final Map<String, Thumbnail> rendered = new HashMap<>();
    private final Map<String, String> uris = new HashMap<>();
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
            Messages.addGlobalWarn("Study record " + recordId + " is not in your active study and site");
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
                Thumbnail t = thumbnails.thumbnail(record.id(), uid);
                rendered.put(uid, t);
                uris.put(uid, Thumbnails.dataUri(t));
            } catch (NotInScopeException | NoActiveScopeException | ArchiveUnavailableException
                    | ThumbnailUnavailableException e) {
                problems.put(uid, FailureMessages.of(null, e).summary());
            }
        }
        return rendered.get(uid);
    }

    /**
     * @param s a series of the record
     * @return the PNG as a data URI (encoded once per view), or null
     */
    public String thumbnailUri(SeriesRecord s) {
        thumbnail(s);
        return uris.get(s.seriesInstanceUid());
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
