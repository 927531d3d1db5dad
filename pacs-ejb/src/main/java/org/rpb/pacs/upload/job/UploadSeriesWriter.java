package org.rpb.pacs.upload.job;

import java.io.Serializable;
import java.util.List;
import java.util.logging.Logger;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.job.JobEnd;
import org.rpb.pacs.job.JobFailure;
import org.rpb.pacs.job.JobTakenOverException;
import org.rpb.pacs.job.lease.JobLeaseService;
import org.rpb.pacs.record.NewStudyRecord;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.record.ScopedStudyRecords;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.SlotOccupiedException;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.upload.UploadTimings;
import org.rpb.pacs.upload.UploadedStudy;

/**
 * Counts the verified batches (the step's persistent user data, so the count survives a resume) and, after the
 * last one, records the study in the job's own study and site (once: a resume finds the record it made) and links
 * it to the job's slot (linking the same record again changes nothing), in the chunk's transaction, so a failure
 * there leaves the last batch to be done again. Exit status {@code VERIFIED} once recorded and linked. Before its
 * checkpoint and the record it checks that this node still holds the job's lease; if not
 * ({@link JobTakenOverException}) the chunk rolls back and nothing is written (the taking node goes on).
 */
@jakarta.enterprise.context.Dependent
@Named("uploadSeriesWriter")
public class UploadSeriesWriter extends AbstractItemWriter {

    private static final Logger LOG = Logger.getLogger(UploadSeriesWriter.class.getName());

    @Inject
    private JobContext job;

    @Inject
    private StepContext step;

    @Inject
    private ScopedStudyRecords records;

    @EJB
    private JobLeaseService leases;

    @Override
    public void writeItems(List<Object> items) throws Exception {
        UploadWork w = (UploadWork) job.getTransientUserData();
        if (!leases.stillHolds(w.parameters().leaseKey())) {
            throw new JobTakenOverException(w.parameters().jobId());
        }
        int done = (step.getPersistentUserData() == null ? 0 : (Integer) step.getPersistentUserData()) + items.size();
        step.setPersistentUserData((Serializable) Integer.valueOf(done));
        int last = (Integer) items.get(items.size() - 1);
        if (last < w.batches().size() - 1) {
            return;
        }
        long recording = System.nanoTime();
        UploadedStudy study = w.pipeline().summary(w.instances(), w.sourceStudyUid(), w.stored(), w.subject());
        String pid = w.target().subject().pid();
        String user = w.parameters().user();
        try {
            StudyRecord record = records.find(w.scope(), pid, study.studyInstanceUid()).orElse(null);
            if (record == null) {
                List<SeriesRecord> series = study.series().stream().map(s -> new SeriesRecord(s.seriesInstanceUid(),
                        s.sourceSeriesInstanceUid(), s.modality(), s.description(), s.instanceCount())).toList();
                // no source UID: the record is an upload (audited as such), not a copy of a record of the module
                record = records.register(w.scope(), user, new NewStudyRecord(Stage.PROJECT_COPY, pid,
                        study.studyInstanceUid(), null, null, study.studyDate(), study.description(),
                        w.version() == 0 ? null : w.version(), series));
            }
            records.link(w.scope(), user, record.id(), w.parameters().slotId(), w.parameters().replace());
        } catch (SlotOccupiedException e) {
            job.setExitStatus(JobFailure.exitStatus("the slot holds another study now; confirm replacing it and retry"));
            throw e;
        } catch (NotInScopeException e) {
            job.setExitStatus(JobFailure.exitStatus("the study could not be recorded in " + w.scope().study().code()
                    + " at " + w.scope().site().code() + ": " + e.getMessage()));
            throw e;
        }
        w.timings().add(UploadTimings.Step.RECORD, System.nanoTime() - recording);
        job.setExitStatus(JobEnd.VERIFIED);
        // counts and milliseconds only: the upload benchmark reads this line
        LOG.info(() -> "upload job " + w.parameters().jobId() + " timings (ms): instances=" + w.instances().size()
                + " batches=" + w.batches().size() + " " + w.timings().describe());
    }
}
