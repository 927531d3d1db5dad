package org.rpb.pacs.job;

import java.util.List;
import java.util.function.Consumer;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes a job execution's {@link JobProgress}. Called on the execution's own thread, which runs as the job's user:
 * the writes are a contextual proxy of that thread's context, so that a pipeline's worker threads write the job's
 * progress as the job's user too.
 */
@ApplicationScoped
public class JobProgressFactory {

    @Resource
    private ContextService context;

    @EJB
    private JobService jobs;

    /**
     * @param jobId the job
     * @return its progress listener
     */
    @SuppressWarnings("unchecked")
    public JobProgress create(long jobId) {
        Consumer<List<InstanceProgress>> write = batch -> jobs.record(jobId, batch);
        return new JobProgress(context.createContextualProxy(write, Consumer.class));
    }
}
