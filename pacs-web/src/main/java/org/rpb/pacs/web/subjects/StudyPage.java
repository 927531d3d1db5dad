package org.rpb.pacs.web.subjects;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.omnifaces.util.Messages;
import org.rpb.pacs.node.ArchiveUnavailableException;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.thumbnail.ThumbnailService;
import org.rpb.pacs.thumbnail.ThumbnailUnavailableException;
import org.rpb.pacs.web.message.FailureMessages;
import org.rpb.pacs.web.thumbnail.SeriesThumbnail;
import org.rpb.pacs.web.thumbnail.ThumbnailImages;

/** A recorded study of the active study and site: its series with thumbnails and downloads. */
@Named
@ViewScoped
public class StudyPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    private StudyRecordService records;

    @EJB
    private ThumbnailService thumbnails;

    @Inject
    private ThumbnailImages images;

    private Long recordId;
    private StudyRecord record;
    /** Made once per view and series: each costs a fetch of the series from the research PACS. */
    private final Map<String, SeriesThumbnail> shown = new HashMap<>();

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
     * @return its thumbnail (RT labels instead of a picture), or why it could not be made
     */
    public SeriesThumbnail thumbnail(SeriesRecord s) {
        return shown.computeIfAbsent(s.seriesInstanceUid(), uid -> {
            try {
                return images.show(thumbnails.thumbnail(record.id(), uid));
            } catch (NotInScopeException | NoActiveScopeException | ArchiveUnavailableException
                    | ThumbnailUnavailableException e) {
                return SeriesThumbnail.missing(FailureMessages.of(null, e).summary());
            }
        });
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
