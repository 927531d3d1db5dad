package org.rpb.pacs.job.lease;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The lease table of one node ({@code pacs.job_lease}, migration V50): claims a job for this node, renews and
 * releases its holds, lists and takes over the holds of nodes that stopped renewing. Every operation is one short
 * local transaction of its own on a connection of the data source (so it must be called outside a JTA transaction,
 * e.g. from a bean-managed EJB), and every time is the database's clock ({@code CURRENT_TIMESTAMP}), so the nodes'
 * clocks never need to agree.
 *
 * <p><b>No double claim.</b> A claim is a conditional {@code UPDATE} (the row is free: expired, or already this
 * node's) or else an {@code INSERT} that the primary key lets through once; the row lock of the update and the
 * key make two nodes' claims of one job exclusive on PostgreSQL and on H2. A takeover scan locks the expired rows
 * it picks with {@code SELECT ... FOR UPDATE SKIP LOCKED}, so two nodes scanning at once divide the expired jobs
 * between them instead of waiting for each other (H2, the demo's single-node database, accepts the same
 * statement; there the scan may wait for a lock instead of skipping, which stays correct). Every claim raises the
 * row's epoch, and renewals and releases name the epoch they hold: a node that returns after its hold was taken
 * over changes nothing and learns that the job is no longer its own. A user's cancel through any node marks the
 * job's row ({@link #requestCancel}); the holding node reads its marked rows ({@link #cancelRequested}) and stops
 * the job.
 *
 * <p>Instances are immutable and thread-safe; build one per node with {@link #builder()}.
 */
public final class JobLeases {

    private static final String SQL_STATE_UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final String node;
    private final Duration duration;

    private JobLeases(Builder b) {
        this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource");
        this.node = requireText(b.node, "node");
        this.duration = Objects.requireNonNull(b.duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("lease duration must be positive: " + duration);
        }
    }

    /** @return a builder; data source and node are required, the duration defaults to 30 s */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the node this store claims for */
    public String node() {
        return node;
    }

    /** @return how long a claim or renewal holds */
    public Duration duration() {
        return duration;
    }

    /**
     * Claims a job for this node: succeeds when nobody holds it, when its hold expired, or when this node holds it
     * already (then with a new epoch: a restarted node adopts what its previous process held).
     *
     * @param jobKey the job
     * @return the new hold, or empty when another node holds the job and its hold has not expired
     */
    public Optional<JobLease> claim(String jobKey) {
        requireText(jobKey, "jobKey");
        return inTransaction(c -> {
            Instant now = now(c);
            Instant until = now.plus(duration);
            // a cancel asked for on this node's live hold stays (the execution of a job just taken over claims it
            // again); any other claim starts a new run without one
            try (PreparedStatement u = c.prepareStatement("UPDATE pacs.job_lease SET cancel_requested = CASE WHEN "
                    + "owner_node = ? AND expires_at > ? THEN cancel_requested ELSE FALSE END, owner_node = ?, "
                    + "epoch = epoch + 1, claimed_at = ?, expires_at = ? WHERE job_key = ? AND (expires_at <= ? OR owner_node = ?)")) {
                u.setString(1, node);
                u.setObject(2, at(now));
                u.setString(3, node);
                u.setObject(4, at(now));
                u.setObject(5, at(until));
                u.setString(6, jobKey);
                u.setObject(7, at(now));
                u.setString(8, node);
                if (u.executeUpdate() == 1) {
                    return Optional.of(new JobLease(jobKey, node, epochOf(c, jobKey), until));
                }
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO pacs.job_lease (job_key, owner_node, epoch, "
                    + "claimed_at, expires_at) VALUES (?, ?, 1, ?, ?)")) {
                i.setString(1, jobKey);
                i.setString(2, node);
                i.setObject(3, at(now));
                i.setObject(4, at(until));
                i.executeUpdate();
                return Optional.of(new JobLease(jobKey, node, 1, until));
            } catch (SQLException e) {
                if (SQL_STATE_UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    c.rollback(); // PostgreSQL ends the failed transaction only with a rollback
                    return Optional.empty(); // held by another node, claimed in between or not expired
                }
                throw e;
            }
        });
    }

    /**
     * Extends a hold by the lease duration from now.
     *
     * @param lease a hold of this node
     * @return the renewed hold, or empty when the hold is gone (expired and taken over by another node, or
     *         released): the job is no longer this node's and must be given up
     */
    public Optional<JobLease> renew(JobLease lease) {
        requireOwn(lease);
        return inTransaction(c -> {
            Instant until = now(c).plus(duration);
            try (PreparedStatement u = c.prepareStatement("UPDATE pacs.job_lease SET expires_at = ? "
                    + "WHERE job_key = ? AND owner_node = ? AND epoch = ?")) {
                u.setObject(1, at(until));
                u.setString(2, lease.jobKey());
                u.setString(3, node);
                u.setLong(4, lease.epoch());
                return u.executeUpdate() == 1 ? Optional.of(lease.renewedUntil(until)) : Optional.empty();
            }
        });
    }

    /**
     * Checks that a hold is still this node's (before a step that must not run twice, e.g. a checkpoint). Unlike
     * {@link #renew} an expired hold that nobody took over yet still counts as held.
     *
     * @param lease a hold of this node
     * @return whether the row still names this node and this epoch
     */
    public boolean holds(JobLease lease) {
        requireOwn(lease);
        return holder(lease.jobKey()).filter(h -> h.ownerNode().equals(node) && h.epoch() == lease.epoch())
                .isPresent();
    }

    /**
     * Gives a hold up (the job ended, or this node stops running it). Does nothing when the hold is gone already.
     *
     * @param lease a hold of this node
     * @return whether the hold was there and is now released
     */
    public boolean release(JobLease lease) {
        requireOwn(lease);
        return inTransaction(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM pacs.job_lease "
                    + "WHERE job_key = ? AND owner_node = ? AND epoch = ?")) {
                d.setString(1, lease.jobKey());
                d.setString(2, node);
                d.setLong(3, lease.epoch());
                return d.executeUpdate() == 1;
            }
        });
    }

    /**
     * Asks the node that runs a job to stop it (a user cancelled it through this node, which need not be the one
     * that runs it): marks the job's live hold; its node finds the mark with {@link #cancelRequested} and stops the
     * job's execution. The mark goes with the row (released when the job ends) and survives a takeover, so a node
     * that resumes the job stops it too.
     *
     * @param jobKey a job
     * @return whether a live hold was marked (false: no node runs the job now, nobody will read the mark)
     */
    public boolean requestCancel(String jobKey) {
        requireText(jobKey, "jobKey");
        return inTransaction(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE pacs.job_lease SET cancel_requested = TRUE "
                    + "WHERE job_key = ? AND expires_at > ?")) {
                u.setString(1, jobKey);
                u.setObject(2, at(now(c)));
                return u.executeUpdate() == 1;
            }
        });
    }

    /**
     * Lists this node's holds whose job a user asked to stop ({@link #requestCancel}), through any node.
     *
     * @param limit at most this many
     * @return the marked holds of this node (expired or not)
     */
    public List<JobLease> cancelRequested(int limit) {
        return inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT job_key, owner_node, epoch, expires_at "
                    + "FROM pacs.job_lease WHERE owner_node = ? AND cancel_requested = TRUE ORDER BY job_key "
                    + "FETCH FIRST ? ROWS ONLY")) {
                q.setString(1, node);
                q.setInt(2, limit);
                return leases(q);
            }
        });
    }

    /**
     * @param jobKey a job
     * @return its current hold (expired or not), or empty when nobody holds it
     */
    public Optional<JobLease> holder(String jobKey) {
        requireText(jobKey, "jobKey");
        return inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT job_key, owner_node, epoch, expires_at "
                    + "FROM pacs.job_lease WHERE job_key = ?")) {
                q.setString(1, jobKey);
                List<JobLease> found = leases(q);
                return found.stream().findFirst();
            }
        });
    }

    /**
     * Lists the holds whose expiry passed: jobs of nodes that stopped renewing (they died, hang or lost the
     * database), oldest first. Reading only; {@link #takeOverExpired} claims them.
     *
     * @param limit at most this many
     * @return the expired holds
     */
    public List<JobLease> expired(int limit) {
        return inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT job_key, owner_node, epoch, expires_at "
                    + "FROM pacs.job_lease WHERE expires_at <= ? ORDER BY expires_at, job_key FETCH FIRST ? ROWS ONLY")) {
                q.setObject(1, at(now(c)));
                q.setInt(2, limit);
                return leases(q);
            }
        });
    }

    /**
     * Takes over expired holds: locks up to {@code limit} expired rows that no other node is taking over at this
     * moment ({@code FOR UPDATE SKIP LOCKED}) and claims them for this node with a new epoch. The caller must
     * then run (resume) each job it got, or release it.
     *
     * @param limit at most this many
     * @return the new holds of this node
     */
    public List<JobLease> takeOverExpired(int limit) {
        return inTransaction(c -> {
            Instant now = now(c);
            Instant until = now.plus(duration);
            List<JobLease> locked;
            try (PreparedStatement q = c.prepareStatement("SELECT job_key, owner_node, epoch, expires_at "
                    + "FROM pacs.job_lease WHERE expires_at <= ? ORDER BY expires_at, job_key FETCH FIRST ? ROWS ONLY "
                    + "FOR UPDATE SKIP LOCKED")) {
                q.setObject(1, at(now));
                q.setInt(2, limit);
                locked = leases(q);
            }
            List<JobLease> taken = new ArrayList<>();
            try (PreparedStatement u = c.prepareStatement("UPDATE pacs.job_lease SET owner_node = ?, epoch = ?, "
                    + "claimed_at = ?, expires_at = ? WHERE job_key = ? AND epoch = ? AND expires_at <= ?")) {
                for (JobLease old : locked) {
                    u.setString(1, node);
                    u.setLong(2, old.epoch() + 1);
                    u.setObject(3, at(now));
                    u.setObject(4, at(until));
                    u.setString(5, old.jobKey());
                    u.setLong(6, old.epoch());
                    u.setObject(7, at(now));
                    // the epoch and expiry conditions make this safe even where the lock is not exclusive
                    if (u.executeUpdate() == 1) {
                        taken.add(new JobLease(old.jobKey(), node, old.epoch() + 1, until));
                    }
                }
            }
            return taken;
        });
    }

    /**
     * Adopts the holds that name this node but that this process does not know (its previous process died before
     * their expiry): claims each again with a new epoch. Called once at start-up, before {@link #takeOverExpired}.
     *
     * @param limit at most this many
     * @return the adopted holds
     */
    public List<JobLease> adoptOwn(int limit) {
        List<JobLease> own = inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT job_key, owner_node, epoch, expires_at "
                    + "FROM pacs.job_lease WHERE owner_node = ? ORDER BY job_key FETCH FIRST ? ROWS ONLY")) {
                q.setString(1, node);
                q.setInt(2, limit);
                return leases(q);
            }
        });
        List<JobLease> adopted = new ArrayList<>();
        for (JobLease l : own) {
            claim(l.jobKey()).ifPresent(adopted::add);
        }
        return adopted;
    }

    private void requireOwn(JobLease lease) {
        Objects.requireNonNull(lease, "lease");
        if (!lease.ownerNode().equals(node)) {
            throw new IllegalArgumentException("lease of job " + lease.jobKey() + " belongs to node "
                    + lease.ownerNode() + ", not to " + node);
        }
    }

    private static long epochOf(Connection c, String jobKey) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT epoch FROM pacs.job_lease WHERE job_key = ?")) {
            q.setString(1, jobKey);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static List<JobLease> leases(PreparedStatement q) throws SQLException {
        List<JobLease> out = new ArrayList<>();
        try (ResultSet r = q.executeQuery()) {
            while (r.next()) {
                out.add(new JobLease(r.getString(1), r.getString(2), r.getLong(3),
                        r.getObject(4, OffsetDateTime.class).toInstant()));
            }
        }
        return out;
    }

    /** The database's clock: the one time all nodes share. */
    private static Instant now(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT CURRENT_TIMESTAMP"); ResultSet r = q.executeQuery()) {
            r.next();
            return r.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    private static OffsetDateTime at(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new LeaseStoreException("job lease table of node " + node + ": " + e.getMessage(), e);
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return value;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Configuration of a {@link JobLeases}. */
    public static final class Builder {
        private DataSource dataSource;
        private String node;
        private Duration duration = Duration.ofSeconds(30);

        private Builder() {
        }

        /** @param dataSource the module's database (PacsDS), with the schema of migration V50 */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** @param node this node's name, unique in the cluster ({@code jboss.node.name}) */
        public Builder node(String node) {
            this.node = node;
            return this;
        }

        /** @param duration how long a claim or renewal holds; renew well within it (a third of it) */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** @return the store */
        public JobLeases build() {
            return new JobLeases(this);
        }
    }
}
