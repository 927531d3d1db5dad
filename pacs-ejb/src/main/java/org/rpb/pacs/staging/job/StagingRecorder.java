package org.rpb.pacs.staging.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditLog;
import org.rpb.pacs.core.archive.ArchiveConfig;
import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.archive.ResearchArchives;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.SeriesResult;
import org.rpb.pacs.core.net.StudyResult;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.record.NewStudyRecord;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.record.ScopedStudyRecords;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.SlotOccupiedException;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.security.Roles;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.job.JobType;

/**
 * Records a verified staging or project copy, called by the job (which runs as the user who started or
 * retried it) in the chunk's transaction: a study record of the job's study and site (a Study0 copy with
 * the clinical UIDs as its source, or a project copy with the Study0 copy's), linked to the job's upload
 * slot with slot history, through the same {@link ScopedStudyRecords} that Workflow 1 uses, and audited as
 * STAGE or COPY with the PID and UIDs only. The scope is the job's, not the user's active one (which may
 * have changed since), and must still be open to the user.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class StagingRecorder {

    @Resource
    private SessionContext session;

    @EJB
    private ActiveScopeService scopes;

    @Inject
    private ScopedStudyRecords records;

    @Inject
    private AuditLog audit;

    /**
     * @param p              the job's parameters
     * @param targetStudyUid the copy's Study Instance UID
     * @param copyPatientId  the copy's Patient ID in the research PACS
     * @param series         every series of the job, all verified
     * @return empty when recorded (and linked); else why the slot was not filled (the record is kept)
     * @throws IllegalStateException if the user no longer has the job's study and site, or the subject is gone
     */
    public String record(JobParameters p, String targetStudyUid, String copyPatientId,
            List<CopiedSeries> series) {
        String user = session.getCallerPrincipal().getName();
        ActiveScope scope = scopes.choices().stream().filter(s -> s.is(p.studyCode(), p.siteCode())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the job's study " + p.studyCode() + " at "
                        + p.siteCode() + " is no longer open to its user"));
        boolean stage = p.type() == JobType.STAGE;
        Optional<StudyRecord> existing = records.find(scope, p.pid(), targetStudyUid);
        StudyRecord record;
        try {
            AuditAction action = stage ? AuditAction.STAGE : AuditAction.COPY;
            if (existing.isPresent()) {
                record = existing.get();
                List<String> known = record.series().stream().map(SeriesRecord::seriesInstanceUid).toList();
                List<CopiedSeries> more = series.stream().filter(x -> !known.contains(x.targetUid())).toList();
                if (more.isEmpty()) {
                    audit.record(user, action, scope, p.pid(), targetStudyUid, null, "job " + p.jobId()
                            + " verified " + series.size() + " series of study record " + record.id()
                            + " again, from " + p.studyInstanceUid());
                } else {
                    record = records.addSeries(scope, user, record.id(), describe(p, targetStudyUid, more), action);
                }
            } else {
                Long sourceRecord = stage ? null
                        : records.study0Copy(p.siteCode(), p.pid(), p.studyInstanceUid()).map(StudyRecord::id).orElse(null);
                record = records.register(scope, user, newRecord(p, targetStudyUid, copyPatientId, series, sourceRecord));
            }
        } catch (NotInScopeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (p.slotId() == null) {
            return "";
        }
        try {
            records.link(scope, user, record.id(), p.slotId(), false);
            return "";
        } catch (SlotOccupiedException e) {
            return "NOT LINKED: upload slot " + p.slotId() + " holds another study now";
        } catch (NotInScopeException e) {
            return "NOT LINKED: " + e.getMessage();
        }
    }

    /**
     * One copied series.
     *
     * @param sourceUid its source Series Instance UID
     * @param targetUid the copy's Series Instance UID
     * @param instances its instances, every one verified
     */
    public record CopiedSeries(String sourceUid, String targetUid, int instances) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    private static NewStudyRecord newRecord(JobParameters p, String targetStudyUid, String copyPatientId,
            List<CopiedSeries> series, Long sourceRecord) {
        Optional<StudyResult> study;
        try {
            study = archive(p).studiesOfPatient(copyPatientId).stream()
                    .filter(s -> s.studyInstanceUid().equals(targetStudyUid)).findFirst();
        } catch (DicomNetworkException e) {
            throw unreachable(e);
        }
        List<SeriesRecord> out = describe(p, targetStudyUid, series);
        return new NewStudyRecord(p.type() == JobType.STAGE ? Stage.STUDY0_COPY : Stage.PROJECT_COPY,
                p.pid(), targetStudyUid, sourceRecord, p.studyInstanceUid(), study.map(StudyResult::studyDate).orElse(null),
                study.map(StudyResult::studyDescription).orElse(null),
                p.profileVersion() == 0 ? null : p.profileVersion(), out);
    }

    /** The series as stored: modality and description from the research PACS, the count the job verified. */
    private static List<SeriesRecord> describe(JobParameters p, String targetStudyUid, List<CopiedSeries> series) {
        List<SeriesResult> stored;
        try {
            stored = archive(p).seriesOfStudy(targetStudyUid);
        } catch (DicomNetworkException e) {
            throw unreachable(e);
        }
        List<SeriesRecord> out = new ArrayList<>();
        for (CopiedSeries s : series) {
            SeriesResult r = stored.stream().filter(x -> x.seriesInstanceUid().equals(s.targetUid())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("series " + s.targetUid() + " not in the research PACS"));
            out.add(new SeriesRecord(s.targetUid(), s.sourceUid(), r.modality(), r.seriesDescription(), s.instances()));
        }
        return out;
    }

    private static ResearchArchive archive(JobParameters p) {
        return ResearchArchives.open(new ArchiveConfig(p.archive(), ArchiveConfig.Protocol.DIMSE));
    }

    /** The instances were verified a moment ago; the record waits for a retry rather than be incomplete. */
    private static IllegalStateException unreachable(DicomNetworkException e) {
        return new IllegalStateException("research PACS not reachable to describe the copy: " + e.getMessage(), e);
    }
}
