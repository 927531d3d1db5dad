package org.rpb.pacs.upload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.download.ResearchArchiveLocator;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NewStudyRecord;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.SlotOccupiedException;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.security.Roles;

/**
 * Runs an upload job in the background with the caller's identity: de-identify, store, verify, then record the
 * study and link it to the slot. Each progress report commits on its own (no transaction around the run), so
 * the page sees the job move. Only after verification is anything linked.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class UploadJobRunner {

    private static final Logger LOG = Logger.getLogger(UploadJobRunner.class.getName());

    @EJB
    private JobService jobs;

    @EJB
    private UploadSlotsService slots;

    @EJB
    private ProjectDeidentifiers deidentifiers;

    @EJB
    private ResearchArchiveLocator archives;

    @EJB
    private StudyRecordService records;

    @EJB
    private UploadJobRecovery recovery;

    /**
     * @param jobId the job
     * @param dir   the job's folder (with {@code in/} and {@code job.properties})
     */
    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void run(long jobId, String dir) {
        Path folder = Path.of(dir);
        Set<String> verified = new HashSet<>();
        List<InspectedInstance> instances = List.of();
        try {
            Properties p = UploadJobService.read(folder);
            long slotId = Long.parseLong(p.getProperty(UploadJobService.SLOT));
            boolean replace = Boolean.parseBoolean(p.getProperty(UploadJobService.REPLACE));
            UploadTarget target = slots.target(slotId);
            instances = new UploadInspector(DicomReader.create()).inspect(folder.resolve("in")).instances();
            for (InspectedInstance i : instances) {
                jobs.progress(jobId, i.header().sopInstanceUid(), null, InstanceState.PENDING, null);
            }
            // the version recorded at confirmation, not the newest: a retry after a profile change writes the
            // same attributes and UIDs as the first run would have
            ProjectDeidentifiers.ProjectDeidentifier pd = deidentifiers.forVersion(recordedVersion(jobId));
            UploadPipeline pipeline = new UploadPipeline(pd.deidentifier(), archives.archive());
            UploadedStudy study = pipeline.run(instances, target.subjectContext(pd.settings()),
                    folder.resolve("out"), new JobProgress(jobId, verified));
            StudyRecord record = existing(target.subject().pid(), study.studyInstanceUid())
                    .orElseGet(() -> register(target, study, pd.version()));
            records.link(record.id(), slotId, replace);
            jobs.finish(jobId, JobState.COMPLETED);
            UploadWorkspace.deleteTree(folder);
        } catch (UploadFailedException | SlotNotFoundException | NotInScopeException | SlotOccupiedException
                | IOException | NoActiveScopeException | RuntimeException e) {
            fail(jobId, instances, verified, e);
        } finally {
            recovery.ended(jobId);
        }
    }

    private int recordedVersion(long jobId) throws NoActiveScopeException {
        Integer v = jobs.job(jobId).orElseThrow(() -> new IllegalStateException("upload job " + jobId
                + " is not in the active study and site")).profileVersion();
        return v == null ? 0 : v;
    }

    private Optional<StudyRecord> existing(String pid, String studyUid) {
        try {
            return records.studiesOfSubject(pid).stream().filter(r -> r.studyInstanceUid().equals(studyUid)).findFirst();
        } catch (NoActiveScopeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private StudyRecord register(UploadTarget target, UploadedStudy study, int version) {
        List<SeriesRecord> series = study.series().stream().map(s -> new SeriesRecord(s.seriesInstanceUid(),
                s.sourceSeriesInstanceUid(), s.modality(), s.description(), s.instanceCount())).toList();
        try {
            // no source UID: the record is an upload (audited as such), not a copy of a record of the module
            return records.register(new NewStudyRecord(Stage.PROJECT_COPY, target.subject().pid(),
                    study.studyInstanceUid(), null, null, study.studyDate(), study.description(),
                    version == 0 ? null : version, series));
        } catch (NoActiveScopeException | NotInScopeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String message(Exception e) {
        if (e instanceof SlotOccupiedException) {
            return "the slot holds another study now; confirm replacing it and retry";
        }
        if (e instanceof IOException || e instanceof RuntimeException) {
            // their messages carry server paths, and the folder names below the job's folder come from the upload
            return "the server could not process the upload's files (" + e.getClass().getSimpleName()
                    + "); retry, or ask the administrator to look at upload job folders";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void fail(long jobId, List<InspectedInstance> instances, Set<String> verified, Exception cause) {
        String reason = message(cause);
        // the log gets the job and the kind of failure only: a message may name an uploaded file or folder, and
        // those names can be patient names; the reason itself goes into the job's rows, shown in its scope only
        LOG.log(Level.WARNING, "upload job {0} failed ({1}); the reason is on the job''s page",
                new Object[] {Long.toString(jobId), cause.getClass().getSimpleName()});
        try {
            boolean marked = false;
            for (InspectedInstance i : instances) {
                if (!verified.contains(i.header().sopInstanceUid())) {
                    jobs.progress(jobId, i.header().sopInstanceUid(), null, InstanceState.FAILED, cut(reason));
                    marked = true;
                }
            }
            if (!marked) {
                jobs.progress(jobId, "job", null, InstanceState.FAILED, cut(reason));
            }
            jobs.finish(jobId, JobState.FAILED);
        } catch (NoActiveScopeException | NotInScopeException | RuntimeException e) {
            LOG.log(Level.WARNING, "upload job {0}: the failure could not be recorded: {1}",
                    new Object[] {Long.toString(jobId), e.getClass().getSimpleName()});
        }
    }

    private static String cut(String s) {
        return s.length() > 1000 ? s.substring(0, 999) + "…" : s;
    }

    /** Reports the pipeline's steps as per-instance progress rows. */
    private final class JobProgress implements UploadProgress {
        private final long jobId;
        private final Set<String> verified;

        JobProgress(long jobId, Set<String> verified) {
            this.jobId = jobId;
            this.verified = verified;
        }

        @Override
        public void deidentified(String source, String target) {
            report(source, target, InstanceState.DEIDENTIFIED, null);
        }

        @Override
        public void stored(String source, String target) {
            report(source, target, InstanceState.STORED, null);
        }

        @Override
        public void verified(String source, String target) {
            verified.add(source);
            report(source, target, InstanceState.VERIFIED, null);
        }

        @Override
        public void failed(String source, String reason) {
            report(source, null, InstanceState.FAILED, reason);
        }

        private void report(String source, String target, InstanceState state, String error) {
            try {
                jobs.progress(jobId, source, target, state, error);
            } catch (NoActiveScopeException | NotInScopeException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}
