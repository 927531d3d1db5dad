package org.rpb.pacs.job.lease;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * This node's job leases in the cluster: the one place the job engine asks before it runs a job and tells when a
 * job ends. It keeps the holds this node has, renews them every {@value #RENEW_PROPERTY} seconds (default 10) for
 * {@value #LEASE_PROPERTY} seconds (default 30), and fires {@link LeaseLost} for a hold that another node has
 * taken over (this node was cut off longer than the lease); the engine then stops that job here. Every
 * {@value #CANCEL_PROPERTY} seconds (default 2), while it holds any job, it looks for cancels that users asked for
 * through any node ({@link #requestCancel}) on its holds and fires {@link CancelRequested} for each.
 *
 * <p>The node's name is {@code jboss.node.name} (each node of the cluster profile is started with its own). It
 * takes nothing over by itself: the engine's recovery calls {@link #adoptOwn()} once at start-up and
 * {@link #takeOverExpired(int)} at start-up and then periodically, and resumes the jobs it got.
 *
 * <p>Leases carry job keys only, no patient data and no scope, so every caller may use it ({@code @PermitAll}:
 * the engine calls it both as a job's user and from start-up code without a caller). Bean-managed transactions:
 * each lease operation commits at once on its own, independent of any caller's transaction.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
@PermitAll
public class JobLeaseService {
    /** System property: seconds a claim or renewal holds (default 30). */
    public static final String LEASE_PROPERTY = "pacs.lease.seconds";
    /** System property: seconds between renewals (default 10). */
    public static final String RENEW_PROPERTY = "pacs.lease.renew.seconds";
    /** System property: seconds between two looks for cancels asked for through other nodes (default 2). */
    public static final String CANCEL_PROPERTY = "pacs.lease.cancel.seconds";
    private static final String CANCEL_TIMER = "job cancel requests";

    private static final Logger LOG = Logger.getLogger(JobLeaseService.class.getName());

    @Resource(lookup = "java:jboss/datasources/PacsDS")
    private DataSource dataSource;

    @Resource
    private TimerService timers;

    @Inject
    private Event<LeaseLost> lost;

    @Inject
    private Event<CancelRequested> cancels;

    private JobLeases leases;
    private final Map<String, JobLease> held = new ConcurrentHashMap<>();
    /** Jobs whose cancel request was passed on already, with the epoch of the hold (once per hold). */
    private final Map<String, Long> cancelling = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        leases = JobLeases.builder().dataSource(dataSource).node(nodeName())
                .duration(Duration.ofSeconds(seconds(LEASE_PROPERTY, 30))).build();
        long renew = seconds(RENEW_PROPERTY, 10) * 1000;
        timers.createIntervalTimer(renew, renew, new TimerConfig("job lease renewal", false));
        long poll = seconds(CANCEL_PROPERTY, 2) * 1000;
        timers.createIntervalTimer(poll, poll, new TimerConfig(CANCEL_TIMER, false));
        LOG.info(() -> "Job leases of node " + leases.node() + ": " + leases.duration().toSeconds()
                + " s, renewed every " + renew / 1000 + " s");
    }

    /** @return this node's name in the lease table */
    public String node() {
        return leases.node();
    }

    /**
     * Claims a job for this node before it runs it.
     *
     * @param jobKey the job
     * @return whether this node holds it now (false: another node runs it; do not run it here)
     */
    public boolean claim(String jobKey) {
        Optional<JobLease> l = leases.claim(jobKey);
        l.ifPresent(h -> held.put(jobKey, h));
        return l.isPresent();
    }

    /**
     * @param jobKey a job
     * @return whether this node holds it (as of its last renewal or claim)
     */
    public boolean holds(String jobKey) {
        return held.containsKey(jobKey);
    }

    /**
     * Checks with the database that this node still holds a job, before a step that must not run twice.
     *
     * @param jobKey a job
     * @return false when the hold is gone (then also forgotten here)
     */
    public boolean stillHolds(String jobKey) {
        JobLease l = held.get(jobKey);
        if (l == null) {
            return false;
        }
        if (leases.holds(l)) {
            return true;
        }
        held.remove(jobKey, l);
        return false;
    }

    /**
     * Asks the database whether another node holds a job now (its hold names another node and has not expired), so
     * that this node must neither restart nor resume it.
     *
     * @param jobKey a job
     * @return true when another node's hold on it is live
     */
    public boolean heldElsewhere(String jobKey) {
        return leases.holder(jobKey).filter(h -> !h.ownerNode().equals(leases.node())
                && h.expiresAt().isAfter(java.time.Instant.now())).isPresent();
    }

    /**
     * @param jobKey a job
     * @return true when no node holds it, not even with an expired hold (a job of a module version before leases,
     *         or one whose execution was interrupted before it claimed the job)
     */
    public boolean unheld(String jobKey) {
        return leases.holder(jobKey).isEmpty();
    }

    /**
     * Asks the node that holds a job, this one or another, to cancel it: that node stops the job's execution within
     * {@value #CANCEL_PROPERTY} seconds (default 2) and after the series or batch in progress, and ends it as
     * cancelled ({@link CancelRequested}).
     *
     * @param jobKey a job
     * @return false when no node holds the job live (nobody runs it: there is nothing to ask)
     */
    public boolean requestCancel(String jobKey) {
        return leases.requestCancel(jobKey);
    }

    /**
     * Releases a job this node ran (it ended: completed, failed, cancelled, or was stopped on purpose).
     *
     * @param jobKey the job
     */
    public void release(String jobKey) {
        JobLease l = held.remove(jobKey);
        if (l != null) {
            cancelling.remove(jobKey);
            leases.release(l);
        }
    }

    /**
     * Adopts the holds that name this node from its previous process (which died before they expired). Call once
     * at start-up.
     *
     * @return the jobs this node holds again and must resume
     */
    public List<String> adoptOwn() {
        return remember(leases.adoptOwn(1000));
    }

    /**
     * Takes over jobs whose node stopped renewing.
     *
     * @param limit at most this many
     * @return the jobs this node holds now and must resume (from their last checkpoint, as their own user)
     */
    public List<String> takeOverExpired(int limit) {
        return remember(leases.takeOverExpired(limit));
    }

    /** @return up to 1000 expired holds, for a status page or a log line */
    public List<JobLease> expired() {
        return leases.expired(1000);
    }

    @Timeout
    void timeout(Timer timer) {
        if (CANCEL_TIMER.equals(timer.getInfo())) {
            passOnCancels();
        } else {
            renewAll();
        }
    }

    /** Fires {@link CancelRequested} once for each hold of this node that a user asked to cancel. */
    private void passOnCancels() {
        if (held.isEmpty()) {
            return; // nothing runs here: no query
        }
        try {
            for (JobLease marked : leases.cancelRequested(1000)) {
                JobLease l = held.get(marked.jobKey());
                if (l != null && l.epoch() == marked.epoch()
                        && !Long.valueOf(l.epoch()).equals(cancelling.put(l.jobKey(), l.epoch()))) {
                    LOG.info(() -> "Job " + l.jobKey() + " is cancelled through another node: stopping it on node "
                            + l.ownerNode());
                    cancels.fire(new CancelRequested(l));
                }
            }
        } catch (LeaseStoreException e) {
            // the database is away: the next look finds the request still there
            LOG.log(Level.WARNING, "Could not look for cancel requests", e);
        }
    }

    private void renewAll() {
        for (JobLease l : List.copyOf(held.values())) {
            try {
                Optional<JobLease> renewed = leases.renew(l);
                if (renewed.isPresent()) {
                    held.replace(l.jobKey(), l, renewed.get());
                } else if (held.remove(l.jobKey(), l)) {
                    cancelling.remove(l.jobKey());
                    LOG.warning(() -> "Node " + l.ownerNode() + " lost its lease on job " + l.jobKey()
                            + " (taken over or released elsewhere): giving the job up");
                    lost.fire(new LeaseLost(l));
                }
            } catch (LeaseStoreException e) {
                // the database is away: keep the hold and try again; if it stays away the lease expires
                LOG.log(Level.WARNING, "Could not renew the lease on job " + l.jobKey(), e);
            }
        }
    }

    private List<String> remember(List<JobLease> got) {
        got.forEach(l -> held.put(l.jobKey(), l));
        return got.stream().map(JobLease::jobKey).toList();
    }

    private static String nodeName() {
        String n = System.getProperty("jboss.node.name");
        return n == null || n.isBlank() ? "node" : n;
    }

    private static long seconds(String property, long fallback) {
        String v = System.getProperty(property);
        try {
            long s = v == null ? fallback : Long.parseLong(v.trim());
            if (s <= 0) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("system property " + property + " must be a positive number of seconds: " + v);
        }
    }
}
