import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.rpb.pacs.core.archive.ArchiveConfig;
import org.rpb.pacs.core.archive.ResearchArchives;
import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.ReceiverConfig;
import org.rpb.pacs.core.net.StoreReceiver;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.staging.SourcePacs;
import org.rpb.pacs.staging.StagingListener;
import org.rpb.pacs.staging.StagingPipeline;
import org.rpb.pacs.staging.StagingRequest;
import org.rpb.pacs.staging.StagingResult;

/**
 * Stages one study through the module's pipeline (C-MOVE into the module's receiver, de-identification
 * with the Study0 profile, C-STORE into the research PACS, one IMAGE-level verification per series) and
 * prints "module <instances> <seconds>", then, on stderr, when each step was first and last reported
 * (the overlap of the stages). The listener does no work, like the batch job's without its database, but
 * is thread-safe as the pipeline requires. Arguments: CLINICAL_NODE RESEARCH_NODE STUDY_UID HIS_ID
 * RECEIVER_PORT WORK_DIR [WARMUP_STUDY_UID [WORKERS [SPOOL_LIMIT]]]: a warm-up study (same patient) is staged
 * first, untimed, so that the timed run sees a warm JVM as the server's pipeline does ("-" for none).
 */
public class StagingBench {
    static StagingRequest request(String study, String hisId) {
        return StagingRequest.builder().studyInstanceUid(study)
                .deidentifier(Deidentifier.builder().key("benchmark-key-0123456789".getBytes(StandardCharsets.US_ASCII))
                        .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).build())
                .subject(SubjectContext.builder("PIDBENCH", "PIDBENCH").expectedPatientId(hisId).build()).build();
    }

    /** User and system CPU ticks (1/100 s) of this process so far, from /proc (zeros elsewhere). */
    static long[] userSystemTicks() {
        try {
            String st = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[2];
        }
    }

    public static void main(String[] a) throws Exception {
        PacsNode clinical = PacsNode.parse(a[0], "RPBPACS");
        PacsNode research = PacsNode.parse(a[1], "RPBPACS");
        Path work = Path.of(a[5]);
        String warmup = a.length > 6 && !a[6].equals("-") ? a[6] : null;
        int workers = a.length > 7 ? Integer.parseInt(a[7]) : StagingPipeline.DEFAULT_WORKERS;
        int spool = a.length > 8 ? Integer.parseInt(a[8]) : StagingPipeline.DEFAULT_SPOOL_LIMIT;
        ExecutorService ex = Executors.newCachedThreadPool();
        Map<InstanceState, AtomicLong[]> seen = new EnumMap<>(InstanceState.class);
        for (InstanceState s : InstanceState.values()) {
            seen.put(s, new AtomicLong[] {new AtomicLong(Long.MAX_VALUE), new AtomicLong(), new AtomicLong()});
        }
        long[] t0 = {0};
        Map<String, long[]> at = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong inFlight = new AtomicLong();
        AtomicLong maxInFlight = new AtomicLong();
        StagingListener timing = (InstanceProgress p) -> {
            long t = System.nanoTime() - t0[0];
            AtomicLong[] s = seen.get(p.state());
            s[0].accumulateAndGet(t, Math::min);
            s[1].accumulateAndGet(t, Math::max);
            s[2].incrementAndGet();
            at.computeIfAbsent(p.sourceSopInstanceUid(), k -> new long[InstanceState.values().length])[p.state().ordinal()] = t;
            if (p.state() == InstanceState.RETRIEVED) {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            } else if (p.state() == InstanceState.STORED) {
                inFlight.decrementAndGet();
            }
        };
        try (StoreReceiver r = DicomNetwork.receiver(ReceiverConfig.builder().aeTitle("RPBPACS")
                .port(Integer.parseInt(a[4])).spoolFolder(work.resolve("receiver")).executor(ex).build())) {
            r.start();
            StagingPipeline p = StagingPipeline.builder().source(SourcePacs.cMove(clinical, r, Duration.ofSeconds(120)))
                    .archive(ResearchArchives.open(new ArchiveConfig(research, ArchiveConfig.Protocol.DIMSE)))
                    .spoolFolder(work.resolve("spool")).executor(ex).workers(workers).spoolLimit(spool).build();
            if (warmup != null) {
                long tw = System.nanoTime();
                StagingResult w = p.run(request(warmup, a[3]), StagingListener.NONE, CancelToken.create());
                System.err.printf("warm-up: %d instances staged in %.3f s (not timed below)%n", w.verified(),
                        (System.nanoTime() - tw) / 1e9);
            }
            StagingRequest req = request(a[2], a[3]);
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long[] us0 = userSystemTicks();
            t0[0] = System.nanoTime();
            StagingResult res = p.run(req, timing, CancelToken.create());
            double s = (System.nanoTime() - t0[0]) / 1e9;
            long[] us1 = userSystemTicks();
            System.err.printf("module JVM CPU during the timed run: %.2f s (user %.2f s, system %.2f s)%n",
                    (os.getProcessCpuTime() - cpu0) / 1e9, (us1[0] - us0[0]) / 100.0, (us1[1] - us0[1]) / 100.0);
            if (!res.complete()) {
                System.err.println("incomplete: " + res.failures().size() + " failed, first: " + res.failures().get(0).reason());
                System.exit(1);
            }
            System.out.printf("module %d %.3f%n", res.verified(), s);
            long tl = System.nanoTime();
            int listed = p.plan(req).values().stream().mapToInt(java.util.List::size).sum();
            System.err.printf("listing the study at the source alone (IMAGE-level C-FIND, %d instances, after the run): %.3f s%n",
                    listed, (System.nanoTime() - tl) / 1e9);
            System.err.printf("workers %d, spool limit %d; seconds from the start, first and last report of each step:%n",
                    workers, spool);
            for (InstanceState st : InstanceState.values()) {
                AtomicLong[] v = seen.get(st);
                if (v[2].get() > 0) {
                    System.err.printf("  %-12s %5d  %7.3f .. %7.3f%n", st, v[2].get(), v[0].get() / 1e9, v[1].get() / 1e9);
                }
            }
            double[] sum = new double[2];
            int n = 0;
            for (long[] v : at.values()) {
                if (v[InstanceState.STORED.ordinal()] > 0) {
                    sum[0] += v[InstanceState.DEIDENTIFIED.ordinal()] - v[InstanceState.RETRIEVED.ordinal()];
                    sum[1] += v[InstanceState.STORED.ordinal()] - v[InstanceState.DEIDENTIFIED.ordinal()];
                    n++;
                }
            }
            System.err.printf("per instance: arrival to de-identified %.1f ms (queue wait included), de-identified to "
                    + "stored %.1f ms; at most %d instances between arrival and store%n", sum[0] / n / 1e6,
                    sum[1] / n / 1e6, maxInFlight.get());
        } finally {
            ex.shutdownNow();
        }
    }
}
