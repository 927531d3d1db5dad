package org.rpb.pacs.deident.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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

/**
 * The command-line tool ({@code java -jar pacs-deident-cli.jar}): {@code deidentify}, {@code scan} and
 * {@code check-references}. Exit status 0 when all inputs were done (no hit, no unresolved reference), 1 when
 * some inputs were refused (or hits / unresolved references were found), 2 for bad usage.
 */
public final class DeidentTool {

    static final String USAGE = String.join("\n",
            "usage:",
            "  deidentify --key-file FILE --patient-id ID --patient-name NAME [--profile basic|FILE]",
            "             [--option NAME]... [--rules FILE] [--vocabulary FILE] [--manifest FILE] [--dry-run]",
            "             [--subject-id ID] [--site-id ID] [--study-code CODE] [--sponsor NAME]",
            "             [--protocol-id ID] [--time-point ID] --out DIR INPUT...",
            "  scan --phi FILE [--include-pixel-data] DIR",
            "  check-references DIR",
            "options: RetainSafePrivate RetainUIDs RetainDeviceIdentity RetainInstitutionIdentity",
            "         RetainPatientCharacteristics RetainLongitudinalFullDates RetainLongitudinalModifiedDates",
            "         CleanDescriptors CleanStructuredContent CleanGraphics");

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

    /**
     * Runs one command.
     *
     * @param args the command line
     * @return the exit status
     */
    public int run(String[] args) {
        try {
            if (args.length == 0) {
                throw new UsageException("no command");
            }
            return switch (args[0]) {
                case "deidentify" -> deidentify(args);
                case "scan" -> scan(args);
                case "check-references" -> checkReferences(args);
                case "-h", "--help", "help" -> {
                    out.println(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private int deidentify(String[] args) throws UsageException, IOException {
        Path keyFile = null;
        String pid = null;
        String name = null;
        String profileArg = "basic";
        List<Option> options = new ArrayList<>();
        Path rulesFile = null;
        Path vocabFile = null;
        Path manifest = null;
        boolean dry = false;
        Path outDir = null;
        List<String> inputs = new ArrayList<>();
        String subject = null;
        String site = null;
        String studyCode = null;
        String sponsor = null;
        String protocol = null;
        String timePoint = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--key-file" -> keyFile = Path.of(value(args, ++i, a));
                case "--patient-id" -> pid = value(args, ++i, a);
                case "--patient-name" -> name = value(args, ++i, a);
                case "--profile" -> profileArg = value(args, ++i, a);
                case "--option" -> {
                    try {
                        options.add(Option.fromCliName(value(args, ++i, a)));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--rules" -> rulesFile = Path.of(value(args, ++i, a));
                case "--vocabulary" -> vocabFile = Path.of(value(args, ++i, a));
                case "--manifest" -> manifest = Path.of(value(args, ++i, a));
                case "--dry-run" -> dry = true;
                case "--out" -> outDir = Path.of(value(args, ++i, a));
                case "--subject-id" -> subject = value(args, ++i, a);
                case "--site-id" -> site = value(args, ++i, a);
                case "--study-code" -> studyCode = value(args, ++i, a);
                case "--sponsor" -> sponsor = value(args, ++i, a);
                case "--protocol-id" -> protocol = value(args, ++i, a);
                case "--time-point" -> timePoint = value(args, ++i, a);
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option '" + a + "'");
                    }
                    inputs.add(a);
                }
            }
        }
        if (keyFile == null || pid == null || name == null || outDir == null) {
            throw new UsageException("deidentify needs --key-file, --patient-id, --patient-name and --out");
        }
        if (inputs.isEmpty()) {
            throw new UsageException("deidentify needs at least one INPUT file or folder");
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
            profile = profileArg.equals("basic") ? Profile.basic()
                    : Profile.basic(ProfileTable.load(Path.of(profileArg), Path.of(profileArg).getFileName().toString()));
            profile = profile.with(options.toArray(new Option[0]));
        } catch (ProfileException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("profile " + profileArg + " cannot be read");
        }
        // the manifest (a keyed hash of every old value) is computed only when it is written
        Deidentifier.Builder b = Deidentifier.builder().profile(profile).key(key).dryRun(dry).manifest(manifest != null);
        try {
            if (rulesFile != null) {
                b.rules(Rules.parse(rulesFile));
            }
            if (vocabFile != null) {
                b.vocabulary(RoiVocabulary.parse(vocabFile));
            }
        } catch (RuleFileException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot read " + (rulesFile != null ? rulesFile : vocabFile));
        }
        List<Path> files = new ArrayList<>();
        for (String in : inputs) {
            Path p = Path.of(in);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(DicomReader::isDicom).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new UsageException("input " + in + " does not exist");
            }
        }
        SubjectContext.Builder cb = SubjectContext.builder(pid, name);
        cb.trialSubjectId(subject).trialSiteId(site).studyCode(studyCode).trialSponsor(sponsor)
                .trialProtocolId(protocol).trialTimePoint(timePoint);
        Deidentifier d = b.build();
        int total = files.size();
        long totalBytes = 0;
        for (Path f : files) {
            totalBytes += Files.size(f);
        }
        Progress progress = new Progress(total, totalBytes);
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
        private final long start = System.nanoTime();
        private int done;
        private int refused;
        private long bytesDone;
        private long last = System.nanoTime();

        Progress(int total, long totalBytes) {
            this.total = total;
            this.totalBytes = totalBytes;
        }

        synchronized void done(InstanceResult ir) {
            done++;
            try {
                bytesDone += Files.size(ir.source());
            } catch (IOException e) {
                // the input went away meanwhile: its size only counts towards the progress line
            }
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

    private int scan(String[] args) throws UsageException, IOException {
        Path phi = null;
        Path dir = null;
        boolean pixels = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--phi")) {
                phi = Path.of(value(args, ++i, "--phi"));
            } else if (args[i].equals("--include-pixel-data")) {
                pixels = true;
            } else if (args[i].startsWith("--")) {
                throw new UsageException("unknown option '" + args[i] + "'");
            } else if (dir == null) {
                dir = Path.of(args[i]);
            } else {
                throw new UsageException("scan takes one DIR");
            }
        }
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

    private int checkReferences(String[] args) throws UsageException, IOException {
        if (args.length != 2 || !Files.isDirectory(Path.of(args[1]))) {
            throw new UsageException("check-references needs one existing DIR");
        }
        List<UnresolvedReference> u = ReferenceChecker.check(Path.of(args[1]));
        for (UnresolvedReference x : u) {
            out.println(x);
        }
        long unreadable = u.stream().filter(x -> UnresolvedReference.UNREADABLE.equals(x.kind())).count();
        err.println((u.size() - unreadable) + " unresolved reference(s)"
                + (unreadable > 0 ? ", " + unreadable + " unreadable file(s)" : ""));
        return u.isEmpty() ? 0 : 1;
    }

    private static String value(String[] args, int i, String opt) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(opt + " needs a value");
        }
        return args[i];
    }
}
