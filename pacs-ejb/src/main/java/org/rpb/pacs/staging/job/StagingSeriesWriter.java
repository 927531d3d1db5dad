package org.rpb.pacs.staging.job;

import java.io.Serializable;
import java.util.List;
import java.util.logging.Logger;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobEnd;
import org.rpb.pacs.job.JobFailure;
import org.rpb.pacs.job.JobTakenOverException;
import org.rpb.pacs.job.lease.JobLeaseService;
import org.rpb.pacs.staging.StagingPipeline;

/**
 * Totals the finished series (kept as the step's persistent user data, so totals survive a restart)
 * and sets the job's exit status: {@code VERIFIED} when no instance failed so far, else
 * {@code INCOMPLETE <n> FAILED}. The per-instance rows were written while the series ran. After the last
 * series, when every instance is verified, the copy is recorded as a study record of the job's study and
 * site (and linked to its upload slot, if it has one) in the chunk's transaction, so a failure there
 * leaves the last series to be done again by a restart. Before its checkpoint and its record it checks that this
 * node still holds the job's lease; if not ({@link JobTakenOverException}) the chunk rolls back and nothing is
 * written: the node that took the job over does the series again from the last checkpoint.
 */
@jakarta.enterprise.context.Dependent
@Named("stagingSeriesWriter")
public class StagingSeriesWriter extends AbstractItemWriter {

    private static final Logger LOG = Logger.getLogger(StagingSeriesWriter.class.getName());

    @Inject
    private JobContext job;

    @Inject
    private StepContext step;

    @EJB
    private StagingRecorder recorder;

    @EJB
    private JobLeaseService leases;

    @Override
    public void writeItems(List<Object> items) {
        StagingWork w = (StagingWork) job.getTransientUserData();
        if (!leases.stillHolds(w.parameters().leaseKey())) {
            throw new JobTakenOverException(w.parameters().jobId());
        }
        // instances, failed instances, series done
        int[] totals = step.getPersistentUserData() == null ? new int[3] : ((int[]) step.getPersistentUserData()).clone();
        for (Object o : items) {
            StagingPipeline.SeriesOutcome s = (StagingPipeline.SeriesOutcome) o;
            totals[0] += s.instances().size();
            totals[1] += (int) s.instances().stream().filter(i -> i.state() == InstanceState.FAILED).count();
            totals[2] += (int) s.instances().stream().map(InstanceProgress::sourceSeriesInstanceUid).distinct().count();
        }
        step.setPersistentUserData((Serializable) totals);
        job.setExitStatus(totals[1] == 0 ? JobEnd.VERIFIED : "INCOMPLETE " + totals[1] + " FAILED");
        if (totals[1] == 0 && totals[2] >= w.plan().size()) {
            List<StagingRecorder.CopiedSeries> series = w.plan().entrySet().stream().map(e -> new StagingRecorder
                    .CopiedSeries(e.getKey(), w.request().targetUid(e.getKey()), e.getValue().size())).toList();
            String outcome;
            try {
                outcome = recorder.record(w.parameters(), w.request().targetStudyInstanceUid(),
                        w.request().subject().patientId(), series);
            } catch (RuntimeException e) {
                // the chunk rolls back and the job fails: its exit status must not stay VERIFIED
                job.setExitStatus(JobFailure.exitStatus("the copy is verified but not recorded: " + reason(e)));
                throw e;
            }
            if (!outcome.isEmpty()) {
                // the copy is complete and recorded; only the slot could not be filled
                job.setExitStatus("VERIFIED, " + outcome);
                LOG.warning(() -> "job " + w.parameters().jobId() + ": " + outcome);
            }
        }
    }

    /** The recorder's own message, not the container's wrapping of it. */
    private static String reason(RuntimeException e) {
        Throwable t = e;
        while (t instanceof jakarta.ejb.EJBException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof jakarta.ejb.EJBAccessException ? "its user lacks a role the recording needs" : t.getMessage();
    }
}
