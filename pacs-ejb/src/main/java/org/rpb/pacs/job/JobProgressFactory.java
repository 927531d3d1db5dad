package org.rpb.pacs.job;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes a job execution's {@link JobProgress}. Called on the execution's own thread, which runs as the job's user:
 * the writes are a contextual proxy of that thread's context, so that they run as the job's user on any thread: the
 * writes due while a pipeline runs go to the server's default managed executor, the threads reporting steps go on.
 */
@ApplicationScoped
public class JobProgressFactory {

    @Resource
    private ContextService context;

    @Resource
    private ManagedExecutorService executor;

    @EJB
    private JobService jobs;

    /**
     * @param jobId the job
     * @return its progress listener
     */
    @SuppressWarnings("unchecked")
    public JobProgress create(long jobId) {
        Consumer<List<InstanceProgress>> write = batch -> jobs.record(jobId, batch);
        // handing a write to the executor also happens on the pipeline's own threads, which have no EE context to
        // capture: hand it over within the job thread's context
        Executor writer = context.createContextualProxy((Executor) executor::execute, Executor.class);
        return new JobProgress(context.createContextualProxy(write, Consumer.class), writer);
    }
}
