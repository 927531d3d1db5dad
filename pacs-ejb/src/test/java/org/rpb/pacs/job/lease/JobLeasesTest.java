package org.rpb.pacs.job.lease;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.persistence.PrivatePostgres;

/**
 * Two nodes' lease stores on one real PostgreSQL database (the build's cluster or a private one), with the schema
 * of the module's migrations: they compete for the same jobs from many threads and never both hold one; a hold
 * that is not renewed expires and the other node takes it over; the first node, back, cannot renew or release
 * it any more and cannot claim it again; two nodes taking over expired jobs at once divide them without a double
 * claim. The H2 test shows that the demo's single-node database runs the same statements.
 */
@Tag("external")
class JobLeasesTest {
    private static final Duration SHORT = Duration.ofMillis(1500);

    @TempDir
    static Path dir;

    private static PrivatePostgres pg;
    private static DataSource postgres;

    @BeforeAll
    static void database() throws Exception {
        pg = PrivatePostgres.start(dir);
        postgres = PrivatePostgres.migrated(pg.dataSource());
    }

    @AfterAll
    static void drop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        try (var c = postgres.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM pacs.job_lease");
        }
    }

    @Test
    void twoNodesCompetingForTheSameJobsNeverBothHoldOne() throws Exception {
        JobLeases a = store("node-a", Duration.ofSeconds(30));
        JobLeases b = store("node-b", Duration.ofSeconds(30));
        List<String> jobs = IntStream.range(0, 40).mapToObj(i -> "stage:" + i).toList();
        Map<String, Set<String>> winners = new ConcurrentHashMap<>();
        int threadsPerNode = 4;
        CyclicBarrier start = new CyclicBarrier(2 * threadsPerNode);
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerNode);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 2 * threadsPerNode; t++) {
                JobLeases node = t % 2 == 0 ? a : b;
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (String job : jobs) {
                        node.claim(job).ifPresent(l -> winners.computeIfAbsent(job, k -> ConcurrentHashMap.newKeySet())
                                .add(l.ownerNode()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(new HashSet<>(jobs), winners.keySet(), "every job claimed");
        for (String job : jobs) {
            assertEquals(1, winners.get(job).size(), job + " was claimed by " + winners.get(job));
            String owner = winners.get(job).iterator().next();
            assertEquals(owner, a.holder(job).orElseThrow().ownerNode(), "the table names the claimant of " + job);
            JobLeases other = owner.equals("node-a") ? b : a;
            assertEquals(Optional.empty(), other.claim(job), "the other node must not get a held job");
        }
    }

    @Test
    void anUnrenewedLeaseExpiresIsTakenOverAndTheReturningNodeGivesTheJobUp() {
        JobLeases a = store("node-a", SHORT);
        JobLeases b = store("node-b", SHORT);
        JobLease held = a.claim("upload:7").orElseThrow();
        assertEquals(1, held.epoch());
        assertEquals(Optional.empty(), b.claim("upload:7"), "held and not expired");
        assertEquals(List.of(), b.takeOverExpired(10), "nothing expired yet");
        // node A renews while it lives: the hold outlasts its first expiry
        JobLease renewed = a.renew(held).orElseThrow();
        assertFalse(renewed.expiresAt().isBefore(held.expiresAt()));

        // node A stops renewing (killed): once the lease expired it is listed and node B takes it over
        await().atMost(Duration.ofSeconds(20)).until(() -> !b.expired(10).isEmpty());
        assertEquals("node-a", b.expired(10).get(0).ownerNode());
        List<JobLease> taken = b.takeOverExpired(10);
        assertEquals(1, taken.size());
        assertEquals("upload:7", taken.get(0).jobKey());
        assertEquals(2, taken.get(0).epoch(), "a takeover is a new claim");
        assertEquals("node-b", a.holder("upload:7").orElseThrow().ownerNode());

        // node A comes back: its renewal finds the hold gone, its release changes nothing, it cannot claim it
        assertEquals(Optional.empty(), a.renew(renewed));
        assertFalse(a.holds(renewed));
        assertFalse(a.release(renewed));
        assertEquals(Optional.empty(), a.claim("upload:7"));
        assertTrue(b.holds(taken.get(0)));
        assertEquals(List.of(), a.adoptOwn(10), "node A's own holds are gone");

        // node B ends the job: released, free for anyone
        assertTrue(b.release(taken.get(0)));
        assertEquals(Optional.empty(), a.holder("upload:7"));
        assertEquals(1, a.claim("upload:7").orElseThrow().epoch(), "a released job starts at epoch 1 again");
    }

    @Test
    void aCancelThroughAnotherNodeReachesTheHoldingNodeAndEndsWithTheHold() {
        JobLeases a = store("node-a", Duration.ofSeconds(30));
        JobLeases b = store("node-b", Duration.ofSeconds(30));
        assertFalse(b.requestCancel("stage:5"), "no node runs the job: nobody to ask");
        JobLease held = a.claim("stage:5").orElseThrow();
        a.claim("stage:6").orElseThrow();
        assertEquals(List.of(), a.cancelRequested(10));

        // a user on node B cancels the job node A runs: A finds the mark on its own hold, B finds none of its own
        assertTrue(b.requestCancel("stage:5"));
        assertEquals(List.of("stage:5"), keys(a.cancelRequested(10)));
        assertEquals(held.epoch(), a.cancelRequested(10).get(0).epoch());
        assertEquals(List.of(), b.cancelRequested(10));
        // the holding node's own claim of the job (its execution beginning after a takeover) keeps the mark
        JobLease again = a.claim("stage:5").orElseThrow();
        assertEquals(List.of("stage:5"), keys(a.cancelRequested(10)));

        // node A stops the job and releases it: a retry on node B claims it without the mark
        assertTrue(a.release(again));
        b.claim("stage:5").orElseThrow();
        assertEquals(List.of(), b.cancelRequested(10));
        assertEquals(List.of(), a.cancelRequested(10));

        // a mark on a hold that expires before its node read it (the node died): the taking node finds it
        JobLeases dying = store("node-c", SHORT);
        dying.claim("stage:7").orElseThrow();
        assertTrue(b.requestCancel("stage:7"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !a.expired(10).isEmpty());
        assertFalse(b.requestCancel("stage:7"), "an expired hold is asked nothing: nobody runs its job");
        assertEquals(List.of("stage:7"), keys(a.takeOverExpired(10)));
        assertEquals(List.of("stage:7"), keys(a.cancelRequested(10)));
    }

    private static List<String> keys(List<JobLease> leases) {
        return leases.stream().map(JobLease::jobKey).sorted().toList();
    }

    @Test
    void aRestartedNodeAdoptsWhatItsPreviousProcessHeld() {
        JobLeases before = store("node-a", Duration.ofSeconds(30));
        JobLease old = before.claim("copy:3").orElseThrow();
        JobLeases after = store("node-a", Duration.ofSeconds(30));
        List<JobLease> adopted = after.adoptOwn(10);
        assertEquals(1, adopted.size());
        assertEquals(old.epoch() + 1, adopted.get(0).epoch());
        assertEquals(Optional.empty(), before.renew(old), "the dead process's hold is fenced off by the new epoch");
        assertTrue(after.renew(adopted.get(0)).isPresent());
    }

    @Test
    void twoNodesTakingOverAtOnceDivideTheExpiredJobs() throws Exception {
        JobLeases dead = store("node-c", Duration.ofMillis(200));
        List<String> jobs = IntStream.range(0, 60).mapToObj(i -> "stage:" + i).toList();
        jobs.forEach(j -> dead.claim(j).orElseThrow());
        JobLeases a = store("node-a", Duration.ofSeconds(30));
        JobLeases b = store("node-b", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(20)).until(() -> a.expired(100).size() == jobs.size());
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<JobLease> byA;
        List<JobLease> byB;
        try {
            Callable<List<JobLease>> scanA = () -> scan(a, start);
            Callable<List<JobLease>> scanB = () -> scan(b, start);
            Future<List<JobLease>> fa = pool.submit(scanA);
            Future<List<JobLease>> fb = pool.submit(scanB);
            byA = fa.get();
            byB = fb.get();
        } finally {
            pool.shutdownNow();
        }
        Set<String> keys = new HashSet<>();
        byA.forEach(l -> keys.add(l.jobKey()));
        byB.forEach(l -> assertTrue(keys.add(l.jobKey()), l.jobKey() + " taken over twice"));
        assertEquals(new HashSet<>(jobs), keys, "every expired job taken over");
        assertEquals(List.of(), a.expired(100));
        for (JobLease l : byB) {
            assertEquals("node-b", a.holder(l.jobKey()).orElseThrow().ownerNode());
        }
    }

    @Test
    void onH2TheDemoDatabaseRunsTheSameStatements() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("h2/pacs") + ";MODE=LEGACY;DATABASE_TO_LOWER=TRUE");
        h2.setUser("sa");
        h2.setPassword("sa");
        PrivatePostgres.migrated(h2);
        JobLeases a = JobLeases.builder().dataSource(h2).node("node-a").duration(SHORT).build();
        // node B's lease outlasts the test: node A must not get the job back however slow the machine is
        JobLeases b = JobLeases.builder().dataSource(h2).node("node-b").duration(Duration.ofSeconds(30)).build();
        JobLease held = a.claim("upload:1").orElseThrow();
        assertEquals(Optional.empty(), b.claim("upload:1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !b.expired(10).isEmpty());
        assertEquals(List.of("upload:1"), b.takeOverExpired(10).stream().map(JobLease::jobKey).toList());
        assertEquals(Optional.empty(), a.renew(held));
        assertEquals(Optional.empty(), a.claim("upload:1"));
    }

    /** Takes over in small batches until nothing expired is left, as a recovery loop does. */
    private static List<JobLease> scan(JobLeases node, CyclicBarrier start) throws Exception {
        start.await();
        List<JobLease> all = new ArrayList<>();
        for (List<JobLease> got = node.takeOverExpired(5); !got.isEmpty(); got = node.takeOverExpired(5)) {
            all.addAll(got);
        }
        return all;
    }

    private static JobLeases store(String node, Duration duration) {
        return JobLeases.builder().dataSource(postgres).node(node).duration(duration).build();
    }

}
