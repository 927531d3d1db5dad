package org.rpb.pacs.web.copy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBAccessException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.omnifaces.util.Messages;

import org.rpb.pacs.lookup.Study0Copy;
import org.rpb.pacs.lookup.Study0CopyService;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.SubjectService;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.staging.job.StagingJobService;
import org.rpb.pacs.staging.job.StagingRefusedException;
import org.rpb.pacs.web.message.PageMessages;

/**
 * Copy into the active research project: choose a patient enrolled in it at the active site, see the
 * Study0 copies of the patient's studies (and what the project already has of them), choose series and
 * start one copy job per Study0 study, optionally filling an empty upload slot of one of the patient's
 * events. The job de-identifies with the project's own profile, key and subject identifier, stores and
 * verifies the copy, and only then links it to the slot.
 */
@Named
@ViewScoped
public class CopyPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    private SubjectService subjectService;

    @Inject
    private Study0CopyService study0Copies;

    @Inject
    private StagingJobService staging;

    private List<Subject> subjects = List.of();
    private String pid;
    private List<Study0Copy> copies;
    private List<SlotChoice> slots = List.of();
    private Long slotId;
    private final Map<String, Boolean> selected = new HashMap<>();

    @PostConstruct
    void load() {
        try {
            subjects = subjectService.subjects();
        } catch (NoActiveScopeException | EJBAccessException e) {
            PageMessages.failure(e);
        }
    }

    /** Lists the chosen patient's Study0 copies. */
    public void show() {
        selected.clear();
        copies = null;
        slots = List.of();
        slotId = null;
        if (pid == null || pid.isBlank()) {
            Messages.addGlobalWarn("Choose a patient.");
            return;
        }
        try {
            copies = study0Copies.copiesOf(pid);
            slots = emptySlots(pid);
        } catch (StagingRefusedException | EJBAccessException | NoActiveScopeException e) {
            PageMessages.failure(e);
        }
    }

    /**
     * Chooses every series of a Study0 copy.
     *
     * @param study the Study0 copy
     */
    public void chooseAll(Study0Copy study) {
        study.series().forEach(s -> selected.put(s.seriesInstanceUid(), Boolean.TRUE));
    }

    /** @return how many series are chosen */
    public int getChosenCount() {
        return (int) selected.values().stream().filter(Boolean.TRUE::equals).count();
    }

    /** Starts a copy job for each Study0 copy with chosen series and opens the jobs page. */
    public void start() {
        Map<String, List<String>> plan = CopyPlan.of(copies, selected);
        Optional<String> problem = CopyPlan.problem(plan, slotId);
        if (problem.isPresent()) {
            Messages.addGlobalWarn(problem.get());
            return;
        }
        List<Long> started = new ArrayList<>();
        try {
            for (Map.Entry<String, List<String>> study : plan.entrySet()) {
                started.add(staging.copyToProject(study.getKey(), study.getValue(), pid, slotId));
            }
        } catch (StagingRefusedException | EJBAccessException e) {
            if (started.isEmpty()) {
                PageMessages.failure(e);
                return;
            }
            // the jobs already started run on: the refusal goes to the jobs page with them
            PageMessages.failureOnNextPage(e);
        }
        PageMessages.toJobsPage("Copy job(s) started: " + started);
    }

    private List<SlotChoice> emptySlots(String pid) throws NoActiveScopeException {
        List<SlotChoice> out = new ArrayList<>();
        for (EventOccurrence e : subjectService.events(pid)) {
            for (UploadSlot s : subjectService.slots(e.id())) {
                if (s.filledWith().isEmpty()) {
                    out.add(new SlotChoice(s.id(), e.definitionName() + " #" + e.repeatKey() + " · " + s.name()));
                }
            }
        }
        return out;
    }

    /** @return the empty upload slots of the chosen patient's events */
    public List<SlotChoice> getSlots() {
        return slots;
    }

    /** @return the slot the copy is to fill, or null for none */
    public Long getSlotId() {
        return slotId;
    }

    /** @param slotId the slot the copy is to fill, or null for none */
    public void setSlotId(Long slotId) {
        this.slotId = slotId;
    }

    /** @return the subjects of the active study at the active site */
    public List<Subject> getSubjects() {
        return subjects;
    }

    /** @return the chosen patient's PID */
    public String getPid() {
        return pid;
    }

    /** @param pid the chosen patient's PID */
    public void setPid(String pid) {
        this.pid = pid;
    }

    /** @return the chosen patient's Study0 copies, or null before {@link #show()} */
    public List<Study0Copy> getCopies() {
        return copies;
    }

    /** @return chosen flags by Study0 Series Instance UID, bound to the boxes */
    public Map<String, Boolean> getSelected() {
        return selected;
    }
}
