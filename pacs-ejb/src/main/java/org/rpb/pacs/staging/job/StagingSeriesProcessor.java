package org.rpb.pacs.staging.job;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobFailure;
import org.rpb.pacs.staging.StagingPipeline;

/**
 * Runs the pipeline on one series, recording every instance's steps as they happen. A series that failed
 * as a whole fails the job with the reason as its exit status; single failed instances do not.
 */
@jakarta.enterprise.context.Dependent
@Named("stagingSeriesProcessor")
public class StagingSeriesProcessor implements ItemProcessor {

    @Inject
    private JobContext job;

    @EJB
    private StagingProgressStore store;

    @Override
    public Object processItem(Object item) throws Exception {
        StagingWork w = (StagingWork) job.getTransientUserData();
        String series = (String) item;
        long instanceId = job.getInstanceId();
        StagingPipeline.SeriesOutcome o;
        try {
            o = w.pipeline().runSeries(w.request(), series, w.plan().get(series), w.progress()::accept, w.cancel());
        } finally {
            w.progress().flush();
        }
        int verified = (int) o.instances().stream().filter(i -> i.state() == InstanceState.VERIFIED).count();
        store.recordCopy(new SeriesCopy(instanceId, w.parameters().target(), w.request().studyInstanceUid(), series,
                w.request().targetStudyInstanceUid(), w.request().targetUid(series), o.instances().size(), verified,
                verified == o.instances().size()), w.parameters());
        if (o.failure().isPresent()) {
            // the whole series failed (retrieve refused, research PACS down): the job fails here, and its
            // checkpoint stays before this series, so a retry starts again with it
            job.setExitStatus(JobFailure.exitStatus(o.failure().get()));
            throw new org.rpb.pacs.staging.StagingException(o.failure().get());
        }
        return o;
    }
}
