package org.rpb.pacs.deident.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.Callable;
import java.util.List;
import java.util.Map;

import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.deident.BatchResult;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.InstanceResult;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.manifest.ManifestEntry;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.profile.ProfileException;
import org.rpb.pacs.deident.profile.ProfileTable;
import org.rpb.pacs.deident.rt.ReferenceChecker;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.deident.rt.UnresolvedReference;
import org.rpb.pacs.deident.rules.RuleFileException;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.deident.scan.LeakHit;
import org.rpb.pacs.deident.scan.LeakScanner;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The command-line tool ({@code java -jar pacs-deident-cli.jar}): {@code deidentify}, {@code scan} and
 * {@code check-references}. Exit status 0 when all inputs were done (no hit, no unresolved reference), 1 when
 * some inputs were refused (or hits / unresolved references were found), 2 for bad usage.
 */
public final class DeidentTool {

    /** The de-identification options of {@code --option}, listed under the generated help. */
    static final String OPTIONS_FOOTER = "options: RetainSafePrivate RetainUIDs RetainDeviceIdentity RetainInstitutionIdentity"
            + " RetainPatientCharacteristics RetainLongitudinalFullDates RetainLongitudinalModifiedDates"
            + " CleanDescriptors CleanStructuredContent CleanGraphics";

    private final PrintStream out;
    private final PrintStream err;
    private final long progressMillis;

    /**
     * @param out where results go
     * @param err where progress and problems go
     */
    public DeidentTool(PrintStream out, PrintStream err) {
        this(out, err, 1000);
    }

    /**
     * @param out where results go
     * @param err where progress and problems go
     * @param progressMillis the longest time without a progress line on {@code err} during {@code deidentify}
     *        (1000 for the command line)
     */
    public DeidentTool(PrintStream out, PrintStream err, long progressMillis) {
        this.out = out;
        this.err = err;
        this.progressMillis = progressMillis;
    }

    /**
     * Runs the tool and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(new DeidentTool(System.out, System.err).run(args));
    }

    /** A command line that cannot be run. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String m) {
            super(m);
        }
    }

    /** The top-level command: without a sub-command, bad usage. */
    @Command(name = "java -jar pacs-deident-cli.jar", mixinStandardHelpOptions = true, version = "pacs-deident 1.0",
            scope = CommandLine.ScopeType.INHERIT, footer = OPTIONS_FOOTER,
            description = "De-identify DICOM files (PS3.15 E.1-1), scan them for leaked identifiers, check RT references.")
    final class Root implements Callable<Integer> {
        @Override
        public Integer call() throws UsageException {
            throw new UsageException("no command");
        }
    }

    /**
     * Runs one command.
     *
     * @param args the command line
     * @return the exit status
     */
    public int run(String[] args) {
        CommandLine cl = new CommandLine(new Root());
        cl.addSubcommand("deidentify", new Deidentify());
        cl.addSubcommand("scan", new Scan());
        cl.addSubcommand("check-references", new CheckReferences());
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> usageError(ex.getCommandLine(), ex.getMessage()));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UsageException) {
                return usageError(c, ex.getMessage());
            }
            err.println("error: " + ex.getMessage());
            return 2;
        });
        return cl.execute(args);
    }

    private int usageError(CommandLine c, String message) {
        err.println("error: " + message);
        c.usage(err);
        return 2;
    }

    /** {@code deidentify}: de-identifies files and folders into one output folder. */
    @Command(name = "deidentify", description = "De-identify INPUT files and folders into --out DIR.")
    final class Deidentify implements Callable<Integer> {
        // the subject's new identity and where the output goes (all required)
        @CommandLine.Option(names = "--key-file", paramLabel = "FILE", description = "the project key (at least 16 bytes; required)") Path keyFile;
        @CommandLine.Option(names = "--patient-id", paramLabel = "ID", description = "the subject's new Patient ID (required)") String pid;
        @CommandLine.Option(names = "--patient-name", paramLabel = "NAME", description = "the subject's new Patient's Name (required)") String name;
        @CommandLine.Option(names = "--out", paramLabel = "DIR", description = "the output folder (required)") Path outDir;

        // what is done to the files
        @CommandLine.Option(names = "--profile", paramLabel = "basic|FILE", description = "the profile table (default: ${DEFAULT-VALUE})")
        String profileArg = "basic";
        @CommandLine.Option(names = "--option", paramLabel = "NAME", description = "a profile option (repeatable; see below)")
        List<String> optionNames = new ArrayList<>();
        @CommandLine.Option(names = "--rules", paramLabel = "FILE", description = "project rules") Path rulesFile;
        @CommandLine.Option(names = "--vocabulary", paramLabel = "FILE", description = "ROI name vocabulary") Path vocabFile;

        // what is written besides the files
        @CommandLine.Option(names = "--manifest", paramLabel = "FILE", description = "write the manifest (and crosswalk) here") Path manifest;
        @CommandLine.Option(names = "--dry-run", description = "de-identify without writing outputs") boolean dry;
        @CommandLine.Option(names = "--threads", paramLabel = "N", description = "files de-identified at once (default: the processors)")
        Integer threads;

        @CommandLine.Mixin TrialOptions trial;

        @Parameters(paramLabel = "INPUT", arity = "0..*", description = "files and folders")
        List<String> inputs = new ArrayList<>();

        @Override
        public Integer call() throws UsageException, IOException {
            List<Option> options = new ArrayList<>();
            for (String o : optionNames) {
                try {
                    options.add(Option.fromCliName(o));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            return deidentify(this, options);
        }
    }

    /** The Clinical Trial attributes {@code deidentify} writes (all optional), as the subject's context takes them. */
    static final class TrialOptions {
        @CommandLine.Option(names = "--subject-id", paramLabel = "ID", description = "Clinical Trial Subject ID") String subject;
        @CommandLine.Option(names = "--site-id", paramLabel = "ID", description = "Clinical Trial Site ID") String site;
        @CommandLine.Option(names = "--study-code", paramLabel = "CODE", description = "the study's code") String studyCode;
        @CommandLine.Option(names = "--sponsor", paramLabel = "NAME", description = "Clinical Trial Sponsor Name") String sponsor;
        @CommandLine.Option(names = "--protocol-id", paramLabel = "ID", description = "Clinical Trial Protocol ID") String protocol;
        @CommandLine.Option(names = "--time-point", paramLabel = "ID", description = "Clinical Trial Time Point ID") String timePoint;

        SubjectContext.Builder applyTo(SubjectContext.Builder b) {
            return b.trialSubjectId(subject).trialSiteId(site).studyCode(studyCode).trialSponsor(sponsor)
                    .trialProtocolId(protocol).trialTimePoint(timePoint);
        }
    }

    private int deidentify(Deidentify a, List<Option> options) throws UsageException, IOException {
        Path keyFile = a.keyFile;
        Path outDir = a.outDir;
        Path manifest = a.manifest;
        boolean dry = a.dry;
        if (keyFile == null || a.pid == null || a.name == null || outDir == null) {
            throw new UsageException("deidentify needs --key-file, --patient-id, --patient-name and --out");
        }
        if (a.inputs.isEmpty()) {
            throw new UsageException("deidentify needs at least one INPUT file or folder");
        }
        if (a.threads != null && a.threads < 1) {
            throw new UsageException("--threads must be at least 1, was " + a.threads);
        }
        byte[] key;
        try {
            key = Files.readAllBytes(keyFile);
        } catch (IOException e) {
            throw new UsageException("key file " + keyFile + " cannot be read");
        }
        if (key.length < 16) {
            throw new UsageException("key file " + keyFile + " holds " + key.length + " bytes; at least 16 are needed");
        }
        Profile profile;
        try {
            profile = a.profileArg.equals("basic") ? Profile.basic()
                    : Profile.basic(ProfileTable.load(Path.of(a.profileArg), Path.of(a.profileArg).getFileName().toString()));
            profile = profile.with(options.toArray(new Option[0]));
        } catch (ProfileException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("profile " + a.profileArg + " cannot be read");
        }
        // the manifest (a keyed hash of every old value) is computed only when it is written
        Deidentifier.Builder b = Deidentifier.builder().profile(profile).key(key).dryRun(dry).manifest(manifest != null);
        if (a.threads != null) {
            b.threads(a.threads);
        }
        try {
            if (a.rulesFile != null) {
                b.rules(Rules.parse(a.rulesFile));
            }
            if (a.vocabFile != null) {
                b.vocabulary(RoiVocabulary.parse(a.vocabFile));
            }
        } catch (RuleFileException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot read " + (a.rulesFile != null ? a.rulesFile : a.vocabFile));
        }
        // each input's size, from the attributes the listing read anyway (no stat per file for the progress lines)
        Map<Path, Long> sizes = new HashMap<>();
        List<Path> files = new ArrayList<>();
        for (String in : a.inputs) {
            Path p = Path.of(in);
            if (Files.isDirectory(p)) {
                List<Path> found = new ArrayList<>();
                Files.walkFileTree(p, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                        // a link counts as what it points to
                        if ((attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(f))
                                && DicomReader.isDicom(f)) {
                            found.add(f);
                            sizes.put(f, attrs.isRegularFile() ? attrs.size() : Files.size(f));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
                found.sort(null);
                files.addAll(found);
            } else if (Files.isRegularFile(p)) {
                files.add(p);
                sizes.put(p, Files.size(p));
            } else {
                throw new UsageException("input " + in + " does not exist");
            }
        }
        SubjectContext.Builder cb = a.trial.applyTo(SubjectContext.builder(a.pid, a.name));
        Deidentifier d = b.build();
        int total = files.size();
        long totalBytes = 0;
        for (Path f : files) {
            totalBytes += sizes.get(f);
        }
        Progress progress = new Progress(total, totalBytes, sizes);
        // a line at least every progressMillis, also while one large file is being worked on
        java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "deident-progress");
                    t.setDaemon(true);
                    return t;
                });
        ticker.scheduleAtFixedRate(() -> progress.tick(false), progressMillis, progressMillis,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        BatchResult r;
        try {
            r = d.deidentifyAll(files, outDir, cb.build(), ir -> progress.done(ir));
        } finally {
            ticker.shutdownNow();
        }
        if (manifest != null) {
            writeManifest(manifest, r);
        }
        err.println((dry ? "dry run: " : "") + r.doneCount() + " of " + total + " files de-identified"
                + (dry ? "" : " into " + outDir));
        return r.refused().isEmpty() ? 0 : 1;
    }

    /** Counts for the progress lines; the ticker and the batch's callback both print through it. */
    private final class Progress {
        private final int total;
        private final long totalBytes;
        /** The inputs' sizes as listed. */
        private final Map<Path, Long> sizes;
        private final long start = System.nanoTime();
        private int done;
        private int refused;
        private long bytesDone;
        private long last = System.nanoTime();

        Progress(int total, long totalBytes, Map<Path, Long> sizes) {
            this.total = total;
            this.totalBytes = totalBytes;
            this.sizes = sizes;
        }

        synchronized void done(InstanceResult ir) {
            done++;
            bytesDone += sizes.getOrDefault(ir.source(), 0L);
            if (!ir.done()) {
                refused++;
                err.println("refused: " + ir.refusal());
            }
            tick(done == total);
        }

        synchronized void tick(boolean force) {
            long now = System.nanoTime();
            if (!force && now - last < progressMillis * 1_000_000L * 9 / 10) {
                return;
            }
            last = now;
            err.println("progress: " + done + "/" + total + " files (" + mb(bytesDone) + " of " + mb(totalBytes)
                    + " MB), " + refused + " refused, " + (now - start) / 1_000_000_000L + " s");
        }

        private static long mb(long bytes) {
            return (bytes + (1 << 19)) >> 20;
        }
    }

    private static void writeManifest(Path manifest, BatchResult r) throws IOException {
        Path parent = manifest.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
            for (InstanceResult ir : r.instances()) {
                for (ManifestEntry e : ir.manifest()) {
                    w.write(e.toJson());
                    w.write('\n');
                }
            }
        }
        Path cw = manifest.resolveSibling(manifest.getFileName() + ".crosswalk.jsonl");
        Files.writeString(cw, r.crosswalk().toJsonLines(), StandardCharsets.UTF_8);
    }

    /** {@code scan}: looks for identifiers of a list in de-identified files. */
    @Command(name = "scan", description = "Scan DIR for the identifiers listed in --phi FILE.")
    final class Scan implements Callable<Integer> {
        @CommandLine.Option(names = "--phi", paramLabel = "FILE", description = "the identifiers, one a line (required)")
        Path phi;
        @CommandLine.Option(names = "--include-pixel-data", description = "also scan pixel data")
        boolean pixels;
        @Parameters(paramLabel = "DIR", arity = "0..1", description = "the folder (or file) to scan")
        Path dir;

        @Override
        public Integer call() throws UsageException, IOException {
            return scan(phi, dir, pixels);
        }
    }

    private int scan(Path phi, Path dir, boolean pixels) throws UsageException, IOException {
        if (phi == null || dir == null) {
            throw new UsageException("scan needs --phi FILE and DIR");
        }
        if (!Files.isReadable(phi) || !Files.exists(dir)) {
            throw new UsageException("cannot read " + (Files.isReadable(phi) ? dir : phi));
        }
        List<LeakHit> hits = LeakScanner.of(LeakScanner.readIdentifiers(phi), pixels).scan(dir);
        for (LeakHit h : hits) {
            out.println(h);
        }
        err.println(hits.size() + " hit(s)");
        return hits.isEmpty() ? 0 : 1;
    }

    /** {@code check-references}: RT references that point outside a folder. */
    @Command(name = "check-references", description = "List the references of DIR's files that nothing in DIR resolves.")
    final class CheckReferences implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", arity = "0..1", description = "the folder")
        Path dir;

        @Override
        public Integer call() throws UsageException, IOException {
            if (dir == null || !Files.isDirectory(dir)) {
                throw new UsageException("check-references needs one existing DIR");
            }
            return checkReferences(dir);
        }
    }

    private int checkReferences(Path dir) throws IOException {
        List<UnresolvedReference> u = ReferenceChecker.check(dir);
        for (UnresolvedReference x : u) {
            out.println(x);
        }
        long unreadable = u.stream().filter(x -> UnresolvedReference.UNREADABLE.equals(x.kind())).count();
        err.println((u.size() - unreadable) + " unresolved reference(s)"
                + (unreadable > 0 ? ", " + unreadable + " unreadable file(s)" : ""));
        return u.isEmpty() ? 0 : 1;
    }
}
