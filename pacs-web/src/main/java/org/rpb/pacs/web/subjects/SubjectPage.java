package org.rpb.pacs.web.subjects;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.SlotHistoryEntry;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.upload.SlotNotFoundException;
import org.rpb.pacs.upload.SubjectEvents;
import org.rpb.pacs.upload.UploadSlotsService;
import org.rpb.pacs.web.message.PageMessages;

/** One subject of the active study and site: its events, their upload slots and what fills them. */
@Named
@ViewScoped
public class SubjectPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private UploadSlotsService slots;

    @jakarta.ejb.EJB
    private StudyRecordService records;

    private String pid;
    private SubjectEvents subject;
    private final Map<Long, StudyRecord> fills = new HashMap<>();
    private final Map<Long, List<SlotHistoryEntry>> histories = new HashMap<>();

    /** Loads the subject named by the view parameter; a subject of another study or site is not found. */
    public void load() {
        if (subject != null || pid == null) {
            return;
        }
        try {
            subject = slots.subject(pid);
            for (SubjectEvents.EventSlots e : subject.events()) {
                List<StudyRecord> ofEvent = records.studiesOfEvent(e.event().id());
                for (var slot : e.slots()) {
                    ofEvent.stream().filter(r -> r.slotId() != null && r.slotId() == slot.id()).findFirst()
                            .ifPresent(r -> fills.put(slot.id(), r));
                    histories.put(slot.id(), records.slotHistory(slot.id()));
                }
            }
        } catch (SlotNotFoundException | NoActiveScopeException e) {
            PageMessages.failure(e);
        }
    }

    /**
     * @param slotId a slot of the subject
     * @return the study record that fills it, or null
     */
    public StudyRecord fill(long slotId) {
        return fills.get(slotId);
    }

    /**
     * @param slotId a slot of the subject
     * @return the studies that filled it before (the current one excluded)
     */
    public List<SlotHistoryEntry> previous(long slotId) {
        return histories.getOrDefault(slotId, List.of()).stream().filter(h -> h.replacedAt() != null).toList();
    }

    /**
     * @param r a study record
     * @return its modalities, e.g. "CT, RTSTRUCT"
     */
    public String modalities(StudyRecord r) {
        return r.series().stream().map(SeriesRecord::modality).distinct().collect(Collectors.joining(", "));
    }

    /**
     * @param r a study record
     * @return its number of instances
     */
    public int instances(StudyRecord r) {
        return r.series().stream().mapToInt(SeriesRecord::instanceCount).sum();
    }

    public String getPid() {
        return pid;
    }

    public void setPid(String pid) {
        this.pid = pid;
    }

    public SubjectEvents getSubject() {
        return subject;
    }
}
