package org.rpb.pacs.job;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.rpb.pacs.job.lease.CancelRequested;
import org.rpb.pacs.job.lease.LeaseLost;

/**
 * The job executions running on this node, by the job's lease key: written by the job's listener ({@link JobEnd})
 * when an execution begins and ends, read by the recovery (never restart what runs here) and by the observer of
 * {@link LeaseLost}, which stops the local execution of a job another node took over and marks nothing (the job's
 * row and lease are that node's now). It also stops an execution a user cancels, through this node
 * ({@link JobService#cancel}) or through another ({@link CancelRequested}), and remembers it so that the job's end
 * is a cancel, not an interruption. A CDI bean, not an EJB: the lease service fires its events with no caller.
 */
@ApplicationScoped
public class LocalExecutions {
    private static final Logger LOG = Logger.getLogger(LocalExecutions.class.getName());

    private final Map<String, Long> running = new ConcurrentHashMap<>();
    /** Executions a user cancelled in this deployment (so that their end is a cancel, not an interruption). */
    private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();

    /**
     * @param key a job's lease key
     * @param executionId its execution that begins here
     */
    void begins(String key, long executionId) {
        running.put(key, executionId);
    }

    /**
     * @param key a job's lease key
     * @param executionId its execution that ended here
     */
    void ended(String key, long executionId) {
        running.remove(key, executionId);
    }

    /**
     * @param key a job's lease key
     * @return its execution running on this node, if any
     */
    Optional<Long> of(String key) {
        return Optional.ofNullable(running.get(key));
    }

    /**
     * Stops an execution a user cancels, noted before the stop is sent (see {@link JobEnd}); it stops after the
     * series or batch in progress.
     *
     * @param executionId the execution
     */
    void cancel(long executionId) {
        cancelled.add(executionId);
        BatchRuntime.getJobOperator().stop(executionId);
    }

    /**
     * @param executionId an execution that is stopping
     * @return true if a user cancelled it in this deployment
     */
    boolean cancelled(long executionId) {
        return cancelled.contains(executionId);
    }

    /** Stops the local execution of a job a user cancelled through another node. */
    void cancel(@Observes CancelRequested request) {
        Long execution = running.get(request.lease().jobKey());
        if (execution == null) {
            return; // ended meanwhile
        }
        try {
            cancel(execution);
            LOG.info(() -> "Job execution " + execution + " cancelled through another node");
        } catch (RuntimeException e) {
            // ended meanwhile (not running any more)
            LOG.log(Level.INFO, "Job execution {0} could not be cancelled ({1})",
                    new Object[] {execution, e.getClass().getName()});
        }
    }

    /** Stops the local execution of a job whose lease another node took over. */
    void stop(@Observes LeaseLost lost) {
        Long execution = running.get(lost.lease().jobKey());
        if (execution == null) {
            return;
        }
        try {
            BatchRuntime.getJobOperator().stop(execution);
            LOG.warning(() -> "Job execution " + execution + " stopped: another node took its job over");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Job execution {0} could not be stopped after its lease was lost ({1})",
                    new Object[] {execution, e.getClass().getName()});
        }
    }
}
