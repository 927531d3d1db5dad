package org.rpb.pacs.staging.job;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobFailure;
import org.rpb.pacs.staging.StagingPipeline;

/**
 * Runs the pipeline on one group of series, recording every instance's steps as they happen and then each series'
 * copy. A group that failed as a whole fails the job with the reason as its exit status; single failed instances
 * do not.
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
        @SuppressWarnings("unchecked")
        Map<String, List<InstanceResult>> group = (Map<String, List<InstanceResult>>) item;
        long instanceId = job.getInstanceId();
        StagingPipeline.SeriesOutcome o;
        try {
            o = w.pipeline().runGroup(w.request(), group, w.progress()::accept, w.cancel());
        } finally {
            w.progress().flush();
        }
        Map<String, List<InstanceProgress>> bySeries = o.instances().stream()
                .collect(Collectors.groupingBy(InstanceProgress::sourceSeriesInstanceUid));
        for (String series : group.keySet()) {
            List<InstanceProgress> of = bySeries.getOrDefault(series, List.of());
            int verified = (int) of.stream().filter(i -> i.state() == InstanceState.VERIFIED).count();
            store.recordCopy(new SeriesCopy(instanceId, w.parameters().target(), w.request().studyInstanceUid(), series,
                    w.request().targetStudyInstanceUid(), w.request().targetUid(series), of.size(), verified,
                    verified == of.size()), w.parameters());
        }
        if (o.failure().isPresent()) {
            // the whole group failed (retrieve refused, research PACS down): the job fails here, and its
            // checkpoint stays before this group, so a retry starts again with it
            job.setExitStatus(JobFailure.exitStatus(o.failure().get()));
            throw new org.rpb.pacs.staging.StagingException(o.failure().get());
        }
        return o;
    }
}
