package org.rpb.pacs.staging.job;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Runs the pipeline on one series, recording every instance's steps as they happen. */
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
        return w.pipeline().runSeries(w.request(), series, w.plan().get(series), p -> store.record(instanceId, p),
                w.cancel());
    }
}
