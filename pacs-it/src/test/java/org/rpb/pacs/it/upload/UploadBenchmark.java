package org.rpb.pacs.it.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.staging.RtStudyFiles;
import org.rpb.pacs.it.support.Browser;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.UploadSteps;
import org.rpb.pacs.upload.UploadPipeline;

/**
 * The upload benchmark (issue 17), run by {@code pacs-it/bench/upload/run-benchmark.sh}, not by {@code mvn verify}
 * (its name is not an IT's): a CT + RTSTRUCT + RTPLAN + RTDOSE study of {@code pacs.bench.upload.instances}
 * instances (default 500, {@code scripts/testdata/make_rt_study.py}) goes through the upload page in Chromium into
 * the "Applied RT plan set" slot of RT-DD-003, timed from choosing the files to "slot filled" (the job's done
 * panel), against dcmtk {@code storescu} of the same files into a second research Orthanc configured alike (one
 * association, only the required presentation contexts, {@code TCP_NODELAY=1}), and against as many storescu at once
 * as the upload job has workers (each over its share of the files, into a third Orthanc): the ratio is taken against
 * the faster of the two, since the job stores over that many associations. All paths are warmed up first with
 * studies of {@code pacs.bench.upload.warmup} instances (default: as many as the measured one), the upload page
 * with {@code pacs.bench.upload.warmupRounds} of them (default 3), so that the server's JIT has compiled the
 * upload's paths, as on a site's server that has run uploads before. Then {@code pacs.bench.upload.rounds} measured
 * rounds (default 3), each on a study of its own: both storescu baselines, then the upload page; the median round's
 * ratio is the result. Prints a table of the rounds, and for the median round the ratio and the split of
 * the module's time: transfer (browser to server), inspection on the page, and the job's steps from the line the
 * upload job logs when it ends, and the CPU seconds of WildFly, Chromium, the receiving Orthanc and storescu per
 * path; writes it to {@code target/bench/upload-benchmark.md}.
 *
 * <p>Not an Arquillian test: it starts a WildFly of its own (pacs-server's distribution and {@code standalone.xml},
 * a server folder under {@code target/}, every port shifted by a free offset, the module's DICOM receiver on a free
 * port) on the database failsafe is given, so it needs none of the fixed demo ports and no lock; it kills the server
 * on every path.
 */
class UploadBenchmark {

    private static final String BASELINE = "BASELINE";
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    /** The thread groups of the JIT compilers (thread names without their numbers, as {@link #threadCpu} keys them). */
    private static final List<String> COMPILERS = List.of("C1 CompilerThre", "C2 CompilerThre");
    private static final Pattern TIMINGS = Pattern.compile("upload job (\\d+) timings \\(ms\\): (.*)");
    private static final int OFFSET = freeOffset();
    /** The page metrics (DevTools' Performance.getMetrics) the CPU table shows per part. */
    private static final List<String> PAGE_METRICS = List.of("LayoutCount", "RecalcStyleCount", "LayoutDuration",
            "RecalcStyleDuration", "ScriptDuration", "TaskDuration", "ProcessTime");

    @RegisterExtension
    final Browser browser = Browser.at("http://127.0.0.1:" + (8080 + OFFSET) + "/pacs/");

    private Path serverLog;
    private Process server;

    /**
     * Browser-side times of one upload (nanoseconds), the job's own split (milliseconds by step) and the CPU seconds
     * of WildFly, Chromium and the research Orthanc before and after "confirm".
     */
    private record Upload(long transfer, long inspection, long job, long jobId, Map<String, Long> steps,
            Cpu beforeConfirm, Cpu transferCpu, Cpu afterConfirm, Cpu confirmAnswer, Cpu following,
            Confirmed confirmed, List<String> jsProfiles) {
        long total() {
            return transfer + inspection + job;
        }
    }

    /**
     * Where "confirm -> slot filled" goes outside the job's execution, by the wall clock (milliseconds since the
     * epoch; the server's log and this JVM read the same clock): "confirm" clicked, the job panel shown (the
     * confirmation's answer rendered), and "slot filled" shown; with the time of the job's timings line (logged after
     * its last batch is recorded, see UploadSeriesWriter) and its execution's total.
     */
    private record Confirmed(long chosen, long clicked, long panelShown, long slotFilled) {
    }

    /**
     * CPU seconds (user + system) of the processes a path keeps busy, over one part of it: WildFly's JVM (and of it
     * by thread group, the JIT compilers among them), Chromium with its driver (and by process type), the research
     * Orthanc and this JVM's ended children (storescu); and Chromium's page metrics (DevTools' Performance domain:
     * layouts, style recalculations, script and task time of the page's renderer).
     */
    private record Cpu(double server, Map<String, Double> serverThreads, double chromium,
            Map<String, Double> chromiumProcesses, double orthanc, double children, Map<String, Double> page) {
        Cpu minus(Cpu o) {
            return new Cpu(server - o.server, grouped(serverThreads, o.serverThreads, server - o.server),
                    chromium - o.chromium, grouped(chromiumProcesses, o.chromiumProcesses, chromium - o.chromium),
                    orthanc - o.orthanc, children - o.children, minus(page, o.page));
        }

        /** @return the server's CPU seconds, by thread group too, of this part and {@code o} (the rest is left out) */
        Cpu plus(Cpu o) {
            Map<String, Double> threads = new java.util.TreeMap<>(serverThreads);
            o.serverThreads.forEach((k, v) -> threads.merge(k, v, Double::sum));
            return new Cpu(server + o.server, threads, 0, Map.of(), 0, 0, Map.of());
        }

        /** The JIT compiler threads' share of the server's CPU seconds (a difference of two snapshots). */
        double jit() {
            return COMPILERS.stream().mapToDouble(g -> serverThreads.getOrDefault(g, 0.0)).sum();
        }

        /**
         * CPU seconds by group (the part of a key before its tab) between two snapshots keyed "group\tid" (threads or
         * processes): what those alive at the end spent since the first (or since they started), and what is left of
         * the total under "(ended)" (threads or processes that ended in between).
         */
        private static Map<String, Double> grouped(Map<String, Double> after, Map<String, Double> before, double total) {
            Map<String, Double> out = new java.util.TreeMap<>();
            after.forEach((k, v) -> out.merge(k.substring(0, k.indexOf('\t')), v - before.getOrDefault(k, 0.0), Double::sum));
            double ended = total - out.values().stream().mapToDouble(Double::doubleValue).sum();
            if (Math.abs(ended) >= 0.005) {
                out.put("(ended)", ended);
            }
            return out;
        }

        private static Map<String, Double> minus(Map<String, Double> a, Map<String, Double> b) {
            Map<String, Double> out = new LinkedHashMap<>();
            a.forEach((k, v) -> out.put(k, v - b.getOrDefault(k, 0.0)));
            return out;
        }
    }

    /** The research Orthanc of the upload (its CPU is read from /proc around each part). */
    private OrthancServer research;

    @Test
    void uploadPageAgainstStorescu() throws Exception {
        int n = Integer.getInteger("pacs.bench.upload.instances", 500);
        // a warm-up of 100 left WildFly's JIT compilers 2 of the 3 CPU seconds of the measured job (round 6)
        int warm = Integer.getInteger("pacs.bench.upload.warmup", n);
        Path dir = Files.createTempDirectory("upload-bench-");
        // warm-up uploads of distinct studies until the server's JIT has compiled the upload's paths: one of the
        // measured size still left the compilers 1.7 of the measured job's 3.5 CPU seconds (round 6)
        int rounds = Integer.getInteger("pacs.bench.upload.warmupRounds", 3);
        assertTrue(rounds >= 1 && warm >= 4, "at least one warm-up upload of at least 4 instances (CT + RT), was "
                + rounds + " of " + warm);
        List<Path> warmups = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            warmups.add(generate(dir.resolve("warmup-" + r), warm, "upload-bench-warmup-" + r));
        }
        Path warmup = warmups.get(0);
        // measured rounds, each on a study of its own: one upload on a shared 2-core machine is at the mercy of the
        // moment (storescu x 2 took 1.4 to 3.8 s within ten minutes), so the median round is the result
        int measured = Integer.getInteger("pacs.bench.upload.rounds", 3);
        assertTrue(measured >= 1, "at least one measured round, was " + measured);
        List<Path> studies = new ArrayList<>();
        for (int r = 1; r <= measured; r++) {
            studies.add(generate(dir.resolve("study-" + r), n, r == 1 ? "upload-bench" : "upload-bench-" + r));
        }
        long bytes;
        try (Stream<Path> s = Files.list(studies.get(0))) {
            bytes = s.mapToLong(p -> p.toFile().length()).sum();
        }
        double[] load = new double[2];
        boolean success = false;
        int parallel = Integer.getInteger("pacs.bench.upload.workers", UploadPipeline.DEFAULT_WORKERS);
        try (OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "");
                OrthancServer baseline = OrthancServer.start(BASELINE, dir.resolve("baseline"), "");
                OrthancServer baselineParallel = OrthancServer.start(BASELINE, dir.resolve("baseline-parallel"), "")) {
            this.research = research;
            try {
                startServer(dir.resolve("server"), research.node());
                browser.login(DemoUsers.UPLOADER, DemoUsers.password(DemoUsers.UPLOADER));
                browser.waitFor(By.id("activeStudy"));
                browser.chooseActiveStudy("RTTRIAL · DD", "RT-TRIAL-01");

                storescu(warmup, baseline, 1);
                storescu(warmup, baselineParallel, parallel);
                List<String> warmed = new ArrayList<>();
                for (Path w : warmups) {
                    Cpu before = cpu(research);
                    Upload u = upload(w, warm);
                    Cpu spent = cpu(research).minus(before);
                    warmed.add(String.format(Locale.ROOT, "%.2f s (WildFly %.2f CPU s, of it JIT %.2f)",
                            seconds(u.total()), spent.server(), spent.jit()));
                }
                assertEquals(warm, baseline.instanceCount());
                assertEquals(warm * rounds, research.instanceCount());

                load[0] = loadAverage();
                List<Round> done = new ArrayList<>();
                for (Path study : studies) {
                    // a site's server is idle between uploads (the user chooses the next files): the compilers finish
                    // what the uploads before queued, instead of charging it to this round's paths
                    double[] idle = awaitCompilersIdle();
                    // the baseline at its best: one association, and as many at once as the upload job stores over,
                    // right before the upload, so that both meet the machine in the same state
                    Cpu c0 = cpu(baseline);
                    long one = storescu(study, baseline, 1);
                    Cpu oneCpu = cpu(baseline).minus(c0);
                    c0 = cpu(baselineParallel);
                    long several = storescu(study, baselineParallel, parallel);
                    Cpu severalCpu = cpu(baselineParallel).minus(c0);
                    done.add(new Round(one, several, oneCpu, severalCpu, upload(study, n), idle[0], idle[1]));
                }
                String jfr = System.getProperty("pacs.bench.upload.jfr", "");
                if (!jfr.isEmpty()) {
                    // the recording runs from the server's start (one started now would make the JIT compile again)
                    jcmd("JFR.dump", "name=upload-bench", "filename=" + jfr);
                }
                load[1] = loadAverage();
                assertEquals(warm + n * measured, baseline.instanceCount(), "storescu stored every instance");
                assertEquals(warm + n * measured, baselineParallel.instanceCount(),
                        "storescu x " + parallel + " stored every instance");
                assertEquals(warm * rounds + n * measured, research.instanceCount(), "the upload stored every instance");
                report(n, warm, warmed, bytes, done, parallel, load);
                success = true;
            } finally {
                stopServer();
            }
        }
        if (success) {
            // the run's files, Orthancs and server folder (about 120 MB); kept after a failure for its logs
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Waits until the server's JIT compiler threads used less than 0.02 CPU seconds in a second, at most 30 s.
     *
     * @return the seconds waited and the compilers' CPU seconds meanwhile
     */
    private double[] awaitCompilersIdle() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        double first = jitSeconds();
        double last = first;
        while (System.nanoTime() - t0 < 30_000_000_000L) {
            Thread.sleep(1000);
            double now = jitSeconds();
            boolean idle = now - last < 0.02;
            last = now;
            if (idle) {
                break;
            }
        }
        return new double[] {seconds(System.nanoTime() - t0), last - first};
    }

    /** CPU seconds so far of the server's JIT compiler threads. */
    private double jitSeconds() {
        return serverJvm().map(h -> threadCpu(h.pid()).entrySet().stream()
                .filter(t -> COMPILERS.contains(t.getKey().substring(0, t.getKey().indexOf('\t'))))
                .mapToDouble(Map.Entry::getValue).sum()).orElse(0.0);
    }

    /** @return the server's JVM (standalone.sh's child), if it runs */
    private java.util.Optional<ProcessHandle> serverJvm() {
        return server == null ? java.util.Optional.empty()
                : server.descendants().filter(h -> h.info().command().orElse("").endsWith("java")).findFirst();
    }

    /** Runs a jcmd command on the server's JVM. */
    private void jcmd(String... command) throws IOException, InterruptedException {
        long pid = serverJvm().orElseThrow(() -> new IllegalStateException("no server JVM")).pid();
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "jcmd failed: " + out);
        System.out.println(out);
    }

    /**
     * Starts pacs-server's WildFly with the EAR on a server folder of its own, every port shifted by {@link #OFFSET},
     * on the database failsafe was given, and waits until the EAR is deployed.
     */
    private void startServer(Path base, String researchNode) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("pacs.it.wildfly.home"));
        Path ear = Path.of(System.getProperty("pacs.ear"));
        Path config = Files.createDirectories(base.resolve("configuration"));
        try (Stream<Path> s = Files.list(home.resolve("standalone/configuration"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, config.resolve(f.getFileName()));
            }
        }
        Path deployments = Files.createDirectories(base.resolve("deployments"));
        Files.copy(ear, deployments.resolve("pacs.ear"));
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + OFFSET,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1",
                "-Dpacs.demo.data=true", "-Dpacs.receiver.port=" + OrthancServer.freePort(),
                "-Dpacs.research.node=" + researchNode));
        for (String p : List.of("pacs.db.driver", "pacs.db.url", "pacs.db.user", "pacs.db.password")) {
            cmd.add("-D" + p + "=" + System.getProperty(p));
        }
        // BENCH_WORKERS: the upload job's workers per batch, to compare; else the server's default
        String workers = System.getProperty("pacs.bench.upload.workers", "");
        if (!workers.isBlank()) {
            cmd.add("-Dpacs.upload.workers=" + workers);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile());
        // the JIT compiler threads are kept alive so that the CPU table can tell their share (as the cohort benchmark);
        // BENCH_SERVER_OPTS adds JVM options, e.g. -XX:StartFlightRecording=... for a profile from the server's start
        pb.environment().put("JAVA_OPTS", ("-Xmx1g -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true"
                + " -XX:-UseDynamicNumberOfCompilerThreads"
                + (System.getProperty("pacs.bench.upload.jfr", "").isEmpty() ? ""
                        : " -XX:StartFlightRecording=name=upload-bench,settings=profile")
                + " " + System.getProperty("pacs.bench.upload.serverOpts", "")).strip());
        pb.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "");
        serverLog = base.resolve("log/server.log");
        server = pb.start();
        Path deployed = deployments.resolve("pacs.ear.deployed");
        Path failed = deployments.resolve("pacs.ear.failed");
        Awaitility.await("WildFly with the EAR (see " + serverLog + ")").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(deployed) || Files.exists(failed) || !server.isAlive());
        assertTrue(Files.exists(deployed), "the EAR did not deploy; see " + serverLog);
    }

    /** Kills the server's JVM and its start script. */
    private void stopServer() throws InterruptedException {
        if (server == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(server.descendants().toList());
        tree.add(server.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("process " + p.pid() + " did not exit", e);
            }
        }
    }

    /** A port offset at which WildFly's HTTP, HTTPS and management ports are free (the demo's are not used). */
    private static int freeOffset() {
        for (int offset = 1500; offset < 3000; offset += 11) {
            boolean free = true;
            for (int port : new int[] {8080 + offset, 8443 + offset, 9990 + offset, 9993 + offset}) {
                try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                    s.getLocalPort();
                } catch (IOException inUse) {
                    free = false;
                }
            }
            if (free) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset for WildFly");
    }

    /**
     * dcmtk storescu at its best: {@code processes} storescu at once over interleaved shares of the files, each
     * one association with the required contexts only and Nagle off; returns the wall time until the last ends.
     */
    private static long storescu(Path files, OrthancServer target, int processes)
            throws IOException, InterruptedException {
        List<Path> all;
        try (Stream<Path> s = Files.list(files)) {
            all = s.sorted().toList();
        }
        List<ProcessBuilder> builders = new ArrayList<>();
        for (int k = 0; k < processes; k++) {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/storescu", "-R", "-aet", "BENCH", "-aec", BASELINE,
                    "127.0.0.1", String.valueOf(target.dicomPort())));
            for (int i = k; i < all.size(); i += processes) {
                cmd.add(all.get(i).toString());
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("TCP_NODELAY", "1");
            builders.add(pb);
        }
        long t = System.nanoTime();
        List<Process> started = new ArrayList<>();
        for (ProcessBuilder pb : builders) {
            started.add(pb.start());
        }
        for (Process p : started) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(600, TimeUnit.SECONDS) && p.exitValue() == 0, "storescu failed: " + out);
        }
        return System.nanoTime() - t;
    }

    /** Uploads a folder's files into the slot through the page, as a user does, and times each part. */
    private Upload upload(Path files, int n) throws IOException {
        openSlot();
        String paths;
        try (Stream<Path> s = Files.list(files)) {
            paths = s.sorted().map(Path::toString).collect(Collectors.joining("\n"));
        }
        WebElement input = browser.driver().findElement(UploadSteps.FILES);

        browser.driver().manage().timeouts().pageLoadTimeout(Duration.ofMinutes(10));
        Cpu c0 = cpu(research);
        startJsProfile();
        long chosen = System.currentTimeMillis();
        long t0 = System.nanoTime();
        input.sendKeys(paths);
        // the page counts the files the server took; it sends them four at a time
        inPage("all " + n + " files up", Duration.ofMinutes(20),
                "document.getElementById('uploadBox').getAttribute('data-state') === 'done'");
        long t1 = System.nanoTime();
        Cpu c1 = cpu(research);
        assertEquals(List.of(), new UploadSteps(browser).refusals(), "files refused");
        assertEquals(String.valueOf(n), browser.driver().findElement(By.id("uploadBox")).getAttribute("data-done"));

        // the page asks for "Show what arrived" itself when the last file is up
        inPage("inspection of " + n + " instances", Duration.ofMinutes(5), "Array.prototype.reduce.call("
                + "document.querySelectorAll('.pacs-count'), function (s, e) { return s + parseInt(e.textContent, 10); }, 0)"
                + " === " + n + " && document.getElementById('allClear') !== null");
        assertEquals(n, browser.driver().findElements(By.cssSelector(".pacs-count")).stream()
                .mapToInt(e -> Integer.parseInt(e.getText().trim())).sum(), "instances shown");
        long t2 = System.nanoTime();
        String jsBefore = stopJsProfile();
        Cpu c2 = cpu(research);
        startJsProfile();

        List<WebElement> replace = browser.driver().findElements(By.cssSelector("#confirmForm\\:replace .ui-chkbox-box"));
        if (!replace.isEmpty()) {
            replace.get(0).click();
        }
        long clicked = System.currentTimeMillis();
        browser.driver().findElement(By.id("confirmForm:confirm")).click();
        inPage("the job panel", Duration.ofMinutes(5), "document.getElementById('jobId') !== null");
        long panelShown = System.currentTimeMillis();
        Cpu cPanel = cpu(research);
        inPage("slot filled", Duration.ofMinutes(10), "document.getElementById('jobForm:jobDone') !== null"
                + " || document.getElementById('jobForm:jobError') !== null");
        long t3 = System.nanoTime();
        long slotFilled = System.currentTimeMillis();
        String jsAfter = stopJsProfile();
        Cpu c3 = cpu(research);
        assertTrue(browser.driver().findElements(By.id("jobForm:jobError")).isEmpty(),
                () -> browser.driver().findElement(By.id("jobForm:jobError")).getText());
        assertEquals(String.valueOf(n), browser.driver().findElement(By.id("jobVerified")).getText());
        long jobId = Long.parseLong(browser.driver().findElement(By.id("jobId")).getText().trim());
        return new Upload(t1 - t0, t2 - t1, t3 - t2, jobId, jobTimings(jobId), c2.minus(c0), c1.minus(c0), c3.minus(c2),
                cPanel.minus(c2), c3.minus(cPanel), new Confirmed(chosen, clicked, panelShown, slotFilled),
                List.of(jsBefore, jsAfter));
    }

    /**
     * CPU seconds so far of the server's JVM (and by thread, keyed "name\ttid", the name without its number),
     * Chromium (this JVM's descendants named chrom*, and by process, keyed "type\tpid": the browser, renderer,
     * gpu-process, utility with its sub-type, chromedriver), an Orthanc (found by its log folder on its command line),
     * this JVM's ended children (storescu: cutime + cstime) and the page's metrics.
     */
    private Cpu cpu(OrthancServer orthanc) throws IOException {
        double serverCpu = 0;
        Map<String, Double> threads = new LinkedHashMap<>();
        java.util.Optional<ProcessHandle> jvm = serverJvm();
        if (jvm.isPresent()) {
            serverCpu = cpuSeconds(jvm.get().pid(), 11);
            threads.putAll(threadCpu(jvm.get().pid()));
        }
        double chromium = 0;
        Map<String, Double> processes = new LinkedHashMap<>();
        for (ProcessHandle h : ProcessHandle.current().descendants().toList()) {
            String command = h.info().command().orElse("");
            if (command.contains("chrom")) {
                double s = cpuSeconds(h.pid(), 11);
                chromium += s;
                processes.put(chromiumType(h.pid(), command) + "\t" + h.pid(), s);
            }
        }
        double orthancCpu = 0;
        String logdir = "--logdir=" + orthanc.workDir();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (List.of(cmd.split("\0")).contains(logdir)) {
                        orthancCpu += cpuSeconds(Long.parseLong(p.getFileName().toString()), 11);
                    }
                } catch (IOException gone) {
                    // a process that ended while listed
                }
            }
        }
        return new Cpu(serverCpu, threads, chromium, processes, orthancCpu,
                cpuSeconds(ProcessHandle.current().pid(), 13), pageMetrics());
    }

    /** A Chromium process' kind from its command line: its --type (a utility's with its sub-type), else the browser. */
    private static String chromiumType(long pid, String command) {
        if (command.endsWith("chromedriver")) {
            return "chromedriver";
        }
        try {
            String type = "browser";
            // Chromium's child processes rewrite their command line into one string (arguments apart by spaces)
            for (String arg : new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                    StandardCharsets.UTF_8).split("[\0 ]")) {
                if (arg.startsWith("--type=")) {
                    type = arg.substring(7);
                } else if (arg.startsWith("--utility-sub-type=")) {
                    type = type + " " + arg.substring(arg.lastIndexOf('.') + 1);
                }
            }
            return type;
        } catch (IOException gone) {
            return "(ended)";
        }
    }

    /** CPU seconds of each thread of a process, keyed "name\ttid" (the name without its trailing number). */
    private static Map<String, Double> threadCpu(long pid) {
        Map<String, Double> out = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[-#\\d ]+$", "");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put((name.isEmpty() ? "?" : name) + "\t" + t.getFileName(),
                            (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0);
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended while listed: counted under "(ended)"
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
        return out;
    }

    /**
     * The page's counters from DevTools' Performance domain (cumulative since the page loaded): layouts and style
     * recalculations with their seconds, script and task seconds of the page's renderer main thread.
     */
    /** Whether BENCH_JS_PROFILE asked for the page's JavaScript profile of the measured upload. */
    private static boolean jsProfile() {
        return Boolean.getBoolean("pacs.bench.upload.jsProfile");
    }

    /** Starts DevTools' JavaScript sampling profiler in the page (1 ms), if asked for. */
    private void startJsProfile() {
        if (jsProfile() && browser.driver() instanceof org.openqa.selenium.chromium.ChromiumDriver cdp) {
            cdp.executeCdpCommand("Profiler.enable", Map.of());
            cdp.executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 1000));
            cdp.executeCdpCommand("Profiler.start", Map.of());
        }
    }

    /**
     * Stops the profiler started by {@link #startJsProfile()} and sums its samples by function (self time).
     *
     * @return "function (script:line) milliseconds" of the largest twelve, or "" if none was asked for
     */
    private String stopJsProfile() {
        if (!jsProfile() || !(browser.driver() instanceof org.openqa.selenium.chromium.ChromiumDriver cdp)) {
            return "";
        }
        Map<?, ?> profile = (Map<?, ?>) cdp.executeCdpCommand("Profiler.stop", Map.of()).get("profile");
        List<?> samples = (List<?>) profile.get("samples");
        List<?> deltas = (List<?>) profile.get("timeDeltas");
        Map<Object, String> names = new java.util.HashMap<>();
        for (Object o : (List<?>) profile.get("nodes")) {
            Map<?, ?> node = (Map<?, ?>) o;
            Map<?, ?> f = (Map<?, ?>) node.get("callFrame");
            String url = String.valueOf(f.get("url"));
            String fn = String.valueOf(f.get("functionName"));
            names.put(((Number) node.get("id")).longValue(), (fn.isEmpty() ? "(anonymous)" : fn) + " ("
                    + url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "") + ":" + f.get("lineNumber") + ")");
        }
        Map<String, Double> self = new java.util.HashMap<>();
        // a sample's time is the delta to the next one
        for (int k = 0; k + 1 < samples.size(); k++) {
            self.merge(names.get(((Number) samples.get(k)).longValue()),
                    ((Number) deltas.get(k + 1)).doubleValue() / 1000.0, Double::sum);
        }
        return self.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
                .map(e -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), e.getValue()))
                .collect(Collectors.joining("; "));
    }

    private Map<String, Double> pageMetrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!(browser.driver() instanceof org.openqa.selenium.chromium.ChromiumDriver cdp)) {
            return out;
        }
        try {
            cdp.executeCdpCommand("Performance.enable", Map.of());
            Object metrics = cdp.executeCdpCommand("Performance.getMetrics", Map.of()).get("metrics");
            for (Object m : (List<?>) metrics) {
                Map<?, ?> kv = (Map<?, ?>) m;
                String name = String.valueOf(kv.get("name"));
                if (PAGE_METRICS.contains(name)) {
                    out.put(name, ((Number) kv.get("value")).doubleValue());
                }
            }
        } catch (RuntimeException unavailable) {
            // no DevTools: the table leaves the page's metrics out
        }
        return out;
    }

    /**
     * @param first the 0-based index, counted after the command's ")" in /proc/PID/stat, of the first of two tick
     *              counts to add: 11 utime + stime, 13 cutime + cstime (stat(5) fields 14/15 and 16/17)
     */
    private static double cpuSeconds(long pid, int first) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[first]) + Long.parseLong(f[first + 1])) / 100.0;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /**
     * Waits until a condition on the page holds, tested in the page on each change of its DOM (a MutationObserver)
     * rather than by polling it through WebDriver: the benchmark's own polling cost Chromium and its driver about a
     * CPU second per phase on the machine the upload shares with them. A wait that a navigation or its script
     * timeout breaks is started again.
     */
    private void inPage(String what, Duration max, String condition) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Awaitility.await(what).atMost(max).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> Boolean.TRUE.equals(js.executeAsyncScript(
                        "var done = arguments[arguments.length - 1];"
                        + "var test = function () { try { return " + condition + "; } catch (e) { return false; } };"
                        + "if (test()) { done(true); return; }"
                        + "var o = new MutationObserver(function () { if (test()) { o.disconnect(); done(true); } });"
                        + "o.observe(document.documentElement, {subtree: true, childList: true, attributes: true,"
                        + " characterData: true});")));
    }

    private void openSlot() {
        browser.open("subjects/index.xhtml");
        browser.waitFor(By.id("subjectsForm:subjects"));
        browser.driver().findElements(By.cssSelector("a.pacs-subject-link")).stream()
                .filter(a -> a.getText().equals("RT-DD-003")).findFirst().orElseThrow().click();
        browser.waitFor(By.id("studySubjectId"));
        browser.driver().findElements(By.cssSelector(".pacs-slots tr")).stream()
                .filter(tr -> tr.getText().contains("Applied RT plan set")).findFirst().orElseThrow()
                .findElement(By.cssSelector("a.pacs-upload-link")).click();
        browser.waitFor(By.id("slotLabel"));
    }

    /** The step times the upload job logged when it ended (see UploadSeriesWriter). */
    private Map<String, Long> jobTimings(long jobId) throws IOException {
        Path log = serverLog;
        Map<String, Long> steps = new LinkedHashMap<>();
        Awaitility.await("the timings of upload job " + jobId + " in " + log).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                        Matcher m = TIMINGS.matcher(line);
                        if (m.find() && Long.parseLong(m.group(1)) == jobId) {
                            // the line's time: "2026-12-07 07:39:43,595 INFO ..." in this machine's zone
                            steps.put("loggedAt", LocalDateTime.parse(line.substring(0, 23), LOG_TIME)
                                    .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
                            for (String pair : m.group(2).trim().split("\\s+")) {
                                String[] kv = pair.split("=");
                                steps.put(kv[0], Long.valueOf(kv[1]));
                            }
                            return true;
                        }
                    }
                    return false;
                });
        return steps;
    }

    /**
     * One measured round: both storescu baselines, then the upload, of the round's own study, after the server's
     * compilers were idle ({@code idleAfter} seconds of waiting, {@code idleJit} of their CPU seconds meanwhile).
     */
    private record Round(long one, long several, Cpu oneCpu, Cpu severalCpu, Upload upload, double idleAfter,
            double idleJit) {
        /** @return the upload's time over the faster baseline's */
        double ratio() {
            return (double) upload.total() / Math.min(one, several);
        }
    }

    private static void report(int n, int warm, List<String> warmed, long bytes, List<Round> rounds, int parallel,
            double[] load) throws IOException {
        List<Round> byRatio = rounds.stream().sorted(java.util.Comparator.comparingDouble(Round::ratio)).toList();
        // the median round (the lower middle one of an even count) is the one reported in detail
        Round median = byRatio.get((byRatio.size() - 1) / 2);
        long one = median.one();
        long several = median.several();
        Upload m = median.upload();
        Cpu[] baselineCpu = {median.oneCpu(), median.severalCpu()};
        Map<String, Long> s = m.steps();
        double base = seconds(Math.min(one, several));
        double total = seconds(m.total());
        double jobSteps = s.get("total") / 1000.0;
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "Upload benchmark: %d instances (CT + RTSTRUCT + RTPLAN + RTDOSE), %.1f MB, after %d "
                + "warm-up uploads of %d; %d measured rounds; load average %.1f before, %.1f after", n, bytes / 1e6,
                warmed.size(), warm, rounds.size(), load[0], load[1]));
        out.add("");
        out.add("Warm-up uploads (choosing the files -> slot filled): " + String.join("; ", warmed) + ".");
        out.add("");
        out.add("| measured round (a study of its own) | compilers idle after (s; their CPU s) | storescu, one association s"
                + " | storescu x " + parallel + " at once s | upload page -> slot filled s | WildFly CPU s (JIT) | ratio to"
                + " the faster storescu |");
        out.add("| --- | --- | ---: | ---: | ---: | --- | ---: |");
        for (int r = 0; r < rounds.size(); r++) {
            Round x = rounds.get(r);
            Cpu spent = x.upload().beforeConfirm().plus(x.upload().afterConfirm());
            out.add(String.format(Locale.ROOT, "| %d%s | %.1f; %.2f | %.2f | %.2f | %.2f | %.2f (%.2f) | %.2f |", r + 1,
                    x == median ? " (median)" : "", x.idleAfter(), x.idleJit(), seconds(x.one()), seconds(x.several()),
                    seconds(x.upload().total()), spent.server(), spent.jit(), x.ratio()));
        }
        out.add(String.format(Locale.ROOT, "| **median of %d rounds** | | | | | | **%.2f** (goal <= 3) |", rounds.size(),
                median.ratio()));
        out.add("");
        out.add("The median round (" + (rounds.indexOf(median) + 1) + ") in detail:");
        out.add("");
        out.add("| path | seconds | instances/s | ratio to storescu (time) |");
        out.add("| --- | ---: | ---: | ---: |");
        out.add(String.format(Locale.ROOT, "| dcmtk storescu -> research Orthanc (one association) | %.2f | %.1f | %.2f |",
                seconds(one), n / seconds(one), seconds(one) / base));
        out.add(String.format(Locale.ROOT, "| dcmtk storescu x %d at once (the job's workers) -> research Orthanc | %.2f | %.1f | %.2f |",
                parallel, seconds(several), n / seconds(several), seconds(several) / base));
        out.add(String.format(Locale.ROOT, "| upload page in Chromium -> slot filled | %.2f | %.1f | %.2f (goal <= 3; against the faster storescu) |",
                total, n / total, total / base));
        out.add("");
        out.add("| part of the upload (job " + m.jobId() + ") | seconds |");
        out.add("| --- | ---: |");
        out.add(row("transfer: browser -> server, until every file is up (each file read to its end as it arrives)",
                seconds(m.transfer())));
        out.add(row("inspection on the page (\"Show what arrived\": checks, thumbnails, preview)",
                seconds(m.inspection())));
        out.add(row("confirm -> slot filled", seconds(m.job())));
        out.add(row("  job: inspection of its folder", s.get("inspect") / 1000.0));
        out.add(row("  job: de-identification (its share of the workers' time)", s.get("deidentify") / 1000.0));
        out.add(row("  job: store (C-STORE; a batch while the one before is verified)", s.get("store") / 1000.0));
        out.add(row("  job: verify (C-FIND)", s.get("verify") / 1000.0));
        out.add(row("  job: instance rows (plan and progress)", s.get("progress") / 1000.0));
        out.add(row("  job: study record and slot link", s.get("record") / 1000.0));
        out.add(row("  job: rest of its execution (batch engine, checkpoints; below 0 by what overlapped)", jobSteps - (s.get("inspect")
                + s.get("deidentify") + s.get("store") + s.get("verify") + s.get("progress") + s.get("record")) / 1000.0));
        out.add(row("  confirm, job start and end, page poll", seconds(m.job()) - jobSteps));
        Confirmed c = m.confirmed();
        long executionStart = s.get("loggedAt") - s.get("total");
        out.add(row("    confirm clicked -> the job's execution starts (confirmation, job start)",
                (executionStart - c.clicked()) / 1000.0));
        out.add(row("    confirm clicked -> the job panel shown (the confirmation's answer; overlaps the job)",
                (c.panelShown() - c.clicked()) / 1000.0));
        out.add(row("    last batch recorded -> \"slot filled\" shown (checkpoint, job end, the page learning of it)",
                (c.slotFilled() - s.get("loggedAt")) / 1000.0));
        out.add("");
        out.add(String.format(Locale.ROOT, "The measured upload's files were chosen at %s, confirmed at %s, its slot"
                + " filled at %s UTC (to cut a flight recording of the server to its parts).", utc(c.chosen()),
                utc(c.clicked()), utc(c.slotFilled())));
        out.add("");
        out.add("| CPU seconds (user + system) | WildFly | of it JIT compilers | Chromium | the research Orthanc | storescu |");
        out.add("| --- | ---: | ---: | ---: | ---: | ---: |");
        out.add(cpuRow("storescu, one association", baselineCpu[0]));
        out.add(cpuRow("storescu x " + parallel + " at once", baselineCpu[1]));
        out.add(cpuRow("upload: choosing the files -> inspection on the page done", m.beforeConfirm()));
        out.add(cpuRow("  of it the transfer (choosing the files -> every file up)", m.transferCpu()));
        out.add(cpuRow("upload: confirm -> slot filled", m.afterConfirm()));
        Cpu following = m.following();
        out.add(cpuRow("  of it confirm -> the job panel shown (the confirmation's answer; the job runs)", m.confirmAnswer()));
        out.add(cpuRow("  of it the job panel shown -> slot filled (the page follows the job)", following));
        out.add("");
        out.add("| CPU seconds by part of the upload | choosing the files -> inspection done | of it the transfer"
                + " | confirm -> job panel shown | job panel shown -> slot filled |");
        out.add("| --- | --- | --- | --- | --- |");
        List<Cpu> parts = List.of(m.beforeConfirm(), m.transferCpu(), m.confirmAnswer(), following);
        out.add("| WildFly by thread group (at least 0.05 s) | "
                + parts.stream().map(p -> top(p.serverThreads())).collect(Collectors.joining(" | ")) + " |");
        out.add("| Chromium by process | "
                + parts.stream().map(p -> top(p.chromiumProcesses())).collect(Collectors.joining(" | ")) + " |");
        out.add("| the page's renderer (DevTools Performance metrics; counts and seconds) | "
                + parts.stream().map(p -> page(p.page())).collect(Collectors.joining(" | ")) + " |");
        if (!m.jsProfiles().get(0).isEmpty()) {
            out.add("");
            out.add("The page's JavaScript by self time (BENCH_JS_PROFILE), choosing the files -> inspection done: "
                    + m.jsProfiles().get(0) + ".");
            out.add("");
            out.add("The same, confirm -> slot filled: " + m.jsProfiles().get(1) + ".");
        }
        String text = String.join("\n", out) + "\n";
        System.out.println("\n" + text);
        Path file = Path.of("target", "bench", "upload-benchmark.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String cpuRow(String what, Cpu c) {
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |", what, c.server(), c.jit(),
                c.chromium(), c.orthanc(), c.children());
    }

    /** Groups of at least 0.05 CPU seconds, the largest first: "name 1.23, ...". */
    private static String top(Map<String, Double> groups) {
        return groups.entrySet().stream().filter(e -> Math.abs(e.getValue()) >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String page(Map<String, Double> metrics) {
        return metrics.entrySet().stream()
                .map(e -> e.getKey().endsWith("Count") ? String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue())
                        : String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String row(String what, double seconds) {
        return String.format(Locale.ROOT, "| %s | %.2f |", what, seconds);
    }

    private static String utc(long epochMillis) {
        return java.time.Instant.ofEpochMilli(epochMillis).toString();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** make_rt_study.py with RT-DD-003's identity (as in UploadBrowserIT): n - 3 CT slices and the three RT objects. */
    private static Path generate(Path out, int n, String seed) throws IOException, InterruptedException {
        assertEquals(n, RtStudyFiles.generate(out, "--patient-id", "HOSP-BRW-0101", "--patient-name",
                "Browsertest^Bruno", "--sex", "M", "--birth-date", "19570301", "--slices", String.valueOf(n - 3),
                "--seed", seed).size(), "make_rt_study.py wrote " + n + " files");
        return out;
    }
}
