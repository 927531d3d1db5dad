package org.rpb.pacs.job;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.rpb.pacs.job.lease.LeaseLost;

/**
 * The job executions running on this node, by the job's lease key: written by the job's listener ({@link JobEnd})
 * when an execution begins and ends, read by the recovery (never restart what runs here) and by the observer of
 * {@link LeaseLost}, which stops the local execution of a job another node took over and marks nothing (the job's
 * row and lease are that node's now). A CDI bean, not an EJB: the lease renewal fires the event with no caller.
 */
@ApplicationScoped
public class LocalExecutions {
    private static final Logger LOG = Logger.getLogger(LocalExecutions.class.getName());

    private final Map<String, Long> running = new ConcurrentHashMap<>();

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
