package org.rpb.pacs.staging.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.security.Roles;

/**
 * Reads the source series of a staging job, one per chunk; the checkpoint is the index of the next
 * series in UID order, so a restart goes on where the last completed series left off. When the source
 * cannot be listed (PACS unreachable, study unknown), or the job's user may no longer run it
 * ({@link StagingJobAccess}), the job fails with the reason as its exit status.
 */
@jakarta.enterprise.context.Dependent
@Named("stagingSeriesReader")
public class StagingSeriesReader extends AbstractItemReader {

    @Inject
    private JobContext job;

    @Inject
    private StagingWorkFactory factory;

    @EJB
    private StagingJobAccess access;

    private List<String> series;
    private int next;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        StagingJobParameters p = StagingJobParameters.of(BatchRuntime.getJobOperator().getParameters(job.getExecutionId()));
        StagingWork work;
        try {
            try {
                access.check(p);
            } catch (EJBAccessException e) {
                throw new org.rpb.pacs.staging.StagingException("the job's user " + p.user() + " no longer has the role "
                        + Roles.PACS_UPLOAD, e);
            }
            work = factory.create(p);
        } catch (org.rpb.pacs.staging.StagingException e) {
            // the job fails before any instance has a row: its exit status is the only place for the reason
            job.setExitStatus(JobFailure.exitStatus(e.getMessage()));
            throw e;
        }
        job.setTransientUserData(work);
        series = new ArrayList<>(work.plan().keySet());
        next = checkpoint == null ? 0 : (Integer) checkpoint;
    }

    @Override
    public Object readItem() {
        return next < series.size() ? series.get(next++) : null;
    }

    @Override
    public Serializable checkpointInfo() {
        return next;
    }
}
