import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.rpb.pacs.it.staging.RestartDriverServlet;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.OwnWildFly;

/**
 * The cluster benchmark's driver (run by run-benchmark.sh, which starts PostgreSQL and the Orthancs and loads the
 * studies): two WildFly nodes of the cluster profile on that database, each with its DICOM receiver; a warm-up job
 * on each node; then the same work twice, timed: the jobs of the "one" studies all started on node A (one node
 * works, the other idles), and the jobs of the "two" studies started half on A, half on B. A run ends when every job
 * is COMPLETED with every instance verified. Prints one line per run ({@code run <name> <jobs> <instances>
 * <seconds> <cpuA> <cpuB> <load before> <load after>}). The nodes are killed at the end, on every path (also on
 * Ctrl-C: a shutdown hook).
 *
 * <p>Arguments: work folder, PostgreSQL URL, user, password, clinical node (AET@host:port), research node,
 * receiver port A, receiver port B, studies file (lines {@code <run> <study UID> <instances>}; run = warmA, warmB,
 * one or two).
 */
public class ClusterBench {
    private static final String PID = "PID-S0-0001";

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int offsetA = 540;
        int offsetB = 550;
        Map<String, String> shared = OwnWildFly.clusterShared(work, offsetA, offsetB);
        shared.putAll(Map.of("pacs.db.driver", "postgresql", "pacs.db.url", args[1], "pacs.db.user", args[2],
                "pacs.db.password", args[3], "pacs.demo.data", "true", "pacs.clinical.node", args[4],
                "pacs.research.node", args[5]));
        Map<String, String> pa = new LinkedHashMap<>(shared);
        pa.put("pacs.receiver.aet", "RPBPACSA");
        pa.put("pacs.receiver.port", args[6]);
        Map<String, String> pb = new LinkedHashMap<>(shared);
        pb.put("pacs.receiver.aet", "RPBPACSB");
        pb.put("pacs.receiver.port", args[7]);
        Map<String, List<String[]>> studies = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[8]))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                studies.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
            }
        }
        Path ear = work.resolve("pacs.ear");
        Deployments.earWithTests(RestartDriverServlet.class).as(ZipExporter.class).exportTo(ear.toFile(), true);

        try (OwnWildFly a = OwnWildFly.clusterNode("nodeA", work, offsetA).properties(pa).deploy(ear)
                .readyWhenDriverAnswers().build();
                OwnWildFly b = OwnWildFly.clusterNode("nodeB", work, offsetB).properties(pb).deploy(ear)
                        .readyWhenDriverAnswers().build()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                a.kill();
                b.kill();
            }));
            // one after the other: the first node migrates the schema and loads the demo data
            a.start();
            pids(work, a);
            b.start();
            pids(work, b);
            System.err.println("nodes up; warming up");
            run("warm-up A", List.of(a), studies.get("warmA"), a, b);
            run("warm-up B", List.of(b), studies.get("warmB"), a, b);
            System.out.println(run("one", List.of(a), studies.get("one"), a, b));
            System.out.println(run("two", List.of(a, b), studies.get("two"), a, b));
        }
    }

    /** Starts each study's job on the nodes in turn and waits until all completed; returns the run's line. */
    private static String run(String name, List<OwnWildFly> on, List<String[]> studies, OwnWildFly a, OwnWildFly b)
            throws Exception {
        String loadBefore = load();
        double cpuA = cpu(a);
        double cpuB = cpu(b);
        long t0 = System.nanoTime();
        Map<Long, OwnWildFly> jobs = new LinkedHashMap<>();
        int instances = 0;
        for (int k = 0; k < studies.size(); k++) {
            OwnWildFly node = on.get(k % on.size());
            jobs.put(Long.parseLong(node.driver("op=stage&study=" + studies.get(k)[1] + "&pid=" + PID).trim()), node);
            instances += Integer.parseInt(studies.get(k)[2]);
        }
        Map<Long, Map<String, String>> last = new HashMap<>();
        // 200 ms of resolution on runs of a minute
        Awaitility.await(name + ": every job finished").atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (Map.Entry<Long, OwnWildFly> j : jobs.entrySet()) {
                        if (!last.containsKey(j.getKey())) {
                            Map<String, String> s = OwnWildFly.keyValues(j.getValue().driver("op=status&job=" + j.getKey()));
                            if ("true".equals(s.get("finished"))) {
                                last.put(j.getKey(), s);
                            }
                        }
                    }
                    return last.size() == jobs.size();
                });
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (Map.Entry<Long, Map<String, String>> e : last.entrySet()) {
            Map<String, String> s = e.getValue();
            if (!"COMPLETED".equals(s.get("state")) || !s.get("verified").equals(s.get("total")) || !"0".equals(s.get("failed"))) {
                throw new IllegalStateException(name + ": job " + e.getKey() + " did not complete verified: " + s);
            }
        }
        System.err.printf("%s: %d jobs, %d instances in %.1f s%n", name, jobs.size(), instances, seconds);
        return String.format("run %s %d %d %.2f %.1f %.1f %s %s", name, jobs.size(), instances, seconds,
                cpu(a) - cpuA, cpu(b) - cpuB, loadBefore.replace(' ', '/'), load().replace(' ', '/'));
    }

    /** Writes the node's process IDs for the script's trap, which kills them by ID if this JVM cannot. */
    private static void pids(Path work, OwnWildFly node) throws IOException {
        Optional<ProcessHandle> jvm = node.jvm();
        if (jvm.isPresent()) {
            Files.writeString(work.resolve("wildfly.pids"), jvm.get().pid() + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** CPU seconds (user + system) the node's JVM used so far. */
    private static double cpu(OwnWildFly node) throws IOException {
        Optional<ProcessHandle> jvm = node.jvm();
        if (jvm.isEmpty()) {
            return 0;
        }
        String[] f = Files.readString(Path.of("/proc/" + jvm.get().pid() + "/stat")).replaceAll(".*\\) ", "").split(" ");
        // after the command: state is field 3, utime 14, stime 15 (1-based) of the whole line
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
