package org.rpb.pacs.staging.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobAccess;
import org.rpb.pacs.job.JobFailure;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.job.JobProgress;
import org.rpb.pacs.job.JobProgressFactory;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.staging.StagingException;
import org.rpb.pacs.staging.StagingPipeline;

/**
 * Reads the source series of a staging or copy job, one group per chunk ({@link StagingPipeline#group}: consecutive
 * series taken together up to the group limit); the checkpoint is the index of the next series in UID order, so a
 * restart goes on where the last completed group left off. First checks that the job's user may still run it
 * ({@link JobAccess}); when that fails, or the source cannot be listed (PACS unreachable, study unknown), the job
 * fails with the reason as its outcome. Lists every instance as pending on the job.
 */
@jakarta.enterprise.context.Dependent
@Named("stagingSeriesReader")
public class StagingSeriesReader extends AbstractItemReader {

    @Inject
    private JobContext job;

    @Inject
    private StagingWorkFactory factory;

    @Inject
    private JobProgressFactory progress;

    @EJB
    private JobAccess access;

    @EJB
    private JobService jobs;

    private StagingWork work;
    private int next;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        JobParameters p = JobParameters.of(BatchRuntime.getJobOperator().getParameters(job.getExecutionId()));
        JobAccess.enter(access, p, job);
        StagingWork work;
        try {
            JobProgress listener = progress.create(p.jobId());
            work = factory.create(p, listener);
        } catch (StagingException e) {
            job.setExitStatus(JobFailure.exitStatus(e.getMessage()));
            throw e;
        }
        List<InstanceProgress> pending = new ArrayList<>();
        work.plan().forEach((s, instances) -> instances.forEach(i -> pending.add(new InstanceProgress(
                i.sopInstanceUid(), s, null, InstanceState.PENDING, null))));
        jobs.plan(p.jobId(), pending);
        job.setTransientUserData(work);
        this.work = work;
        next = checkpoint == null ? 0 : (Integer) checkpoint;
    }

    @Override
    public Object readItem() {
        if (next >= work.plan().size()) {
            return null;
        }
        Map<String, List<InstanceResult>> group = work.pipeline().group(work.plan(), next);
        next += group.size();
        return group;
    }

    @Override
    public Serializable checkpointInfo() {
        return next;
    }
}
