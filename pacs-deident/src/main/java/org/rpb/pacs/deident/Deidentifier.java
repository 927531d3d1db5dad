package org.rpb.pacs.deident;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.DicomWriter;
import org.rpb.pacs.deident.manifest.Crosswalk;
import org.rpb.pacs.deident.pixel.BurnedInPolicy;
import org.rpb.pacs.deident.privatetags.PrivateTagKnowledgeBase;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.deident.uid.UidRemapper;

/**
 * The entry point of the library: de-identifies DICOM files per PS3.15 Annex E (Table E.1-1, edition 2024b by
 * default) with keyed, deterministic replacements, caller-given identity, project rules, and a manifest.
 * Immutable and thread-safe (no static state): one instance can serve many threads.
 *
 * <pre>{@code
 * Deidentifier d = Deidentifier.builder()
 *         .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES))
 *         .key(Files.readAllBytes(Path.of("project.key")))
 *         .build();
 * InstanceResult r = d.deidentify(Path.of("in.dcm"), Path.of("out.dcm"),
 *         SubjectContext.builder("PID-0042", "PID-0042").build());
 * }</pre>
 *
 * <p>Order of work on an instance: the profile (with its options and safety nets, at every depth), then the
 * caller's identity and clinical trial attributes, then the project rules, then record keeping (Patient
 * Identity Removed, De-identification Method and its code sequence, Longitudinal Temporal Information
 * Modified). A new preamble (zeros) and new file meta information are written.
 */
public final class Deidentifier {

    private final Profile profile;
    private final UidRemapper keyed;
    private final Rules rules;
    private final RoiVocabulary vocabulary;
    private final PrivateTagKnowledgeBase privateTags;
    private final BurnedInPolicy burnedIn;
    private final boolean dryRun;
    private final boolean manifest;
    private final boolean groupAgesOver89;
    private final DicomReader reader;
    private final DicomWriter writer;
    private final int threads;
    private final Engine engine;

    /**
     * Without a manifest, bulk values (pixel data, OB/OW) longer than this stay in the input file and are copied
     * from it into the output by the kernel, unless the reader holds their bytes already (a file smaller than its
     * read buffer is read whole by one call): those are copied once from that buffer and written with the header
     * in one call, instead of the input opened a second time for a {@code sendfile}. With a manifest the reader's
     * default stays, because the manifest hashes the old values held in memory (not those left in the file) and
     * must not change.
     */
    private static final long BULK_DATA_THRESHOLD_WITHOUT_MANIFEST = 16 * 1024;

    private Deidentifier(Builder b) {
        this.profile = b.profile;
        this.keyed = new UidRemapper(b.key);
        this.rules = b.rules;
        this.vocabulary = b.vocabulary;
        // the safe-private list is read only when the option that needs it applies
        this.privateTags = b.privateTags != null ? b.privateTags
                : b.profile.has(org.rpb.pacs.deident.profile.Option.RETAIN_SAFE_PRIVATE)
                        ? PrivateTagKnowledgeBase.bundled() : PrivateTagKnowledgeBase.empty();
        this.burnedIn = b.burnedIn;
        this.dryRun = b.dryRun;
        this.manifest = b.manifest;
        this.groupAgesOver89 = b.groupAgesOver89;
        this.reader = b.manifest ? DicomReader.create()
                : DicomReader.builder().bulkDataThreshold(BULK_DATA_THRESHOLD_WITHOUT_MANIFEST)
                        .keepBufferedBulkData(true).build();
        this.writer = DicomWriter.create();
        this.threads = b.threads;
        this.engine = new Engine(new EngineSettings(profile, keyed, rules, vocabulary, privateTags, burnedIn,
                groupAgesOver89, org.rpb.pacs.deident.dates.DateTimePairs.bundled(), manifest));
    }

    /** @return a builder with the basic profile, no rules, refusal of burned-in text */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the profile */
    public Profile profile() {
        return profile;
    }

    /** @return whether this de-identifier only reports (writes no file) */
    public boolean dryRun() {
        return dryRun;
    }

    /** @return the keyed UID remapper of the project key */
    public UidRemapper uidRemapper() {
        return keyed;
    }

    /**
     * De-identifies one file.
     *
     * @param in the input file
     * @param out the output file (its folder must exist); in a dry run nothing is written; an existing file is
     *        replaced
     * @param ctx the subject
     * @return the result, with the manifest entries and the crosswalk
     * @throws DeidentificationException when the file is refused (damaged, another patient, burned-in text...);
     *         nothing is left at {@code out} then
     * @throws IOException when the output cannot be written
     */
    public InstanceResult deidentify(Path in, Path out, SubjectContext ctx)
            throws DeidentificationException, IOException {
        DicomFile df = read(in);
        Engine.Outcome o = engine.run(df, ctx, in.getFileName().toString());
        if (!dryRun) {
            write(o, out);
        } else {
            o.cleanUp();
        }
        return new InstanceResult(in, dryRun ? null : out, null, o.newSopInstanceUid(), o.manifest(),
                o.crosswalk());
    }

    /**
     * De-identifies one file into memory, for a caller that sends the result on rather than writing it (the
     * staging pipeline encodes it straight onto a C-STORE association): the same work and the same bytes as
     * {@link #deidentify(Path, Path, SubjectContext)} without the output file and its read-back.
     *
     * @param in the input file; it must stay in place until the result is closed (bulk data is read from it)
     * @param ctx the subject
     * @return the de-identified instance; close it when it has been sent
     * @throws DeidentificationException when the file is refused (damaged, another patient, burned-in text...)
     * @throws IOException when masked pixel data cannot be written to its temporary file
     */
    public DeidentifiedInstance deidentifyInMemory(Path in, SubjectContext ctx) throws DeidentificationException, IOException {
        DicomFile df = read(in);
        Engine.Outcome o = engine.run(df, ctx, in.getFileName().toString());
        return new DeidentifiedInstance(o.file(), new InstanceResult(in, null, null, o.newSopInstanceUid(), o.manifest(),
                o.crosswalk()), o.temporaryFiles());
    }

    /**
     * De-identifies an instance that the caller has parsed already, into memory: for a caller that parsed the
     * file anyway (the staging pipeline is handed the receiver's parse, {@code InstanceCheck.parse}), the same
     * work and the same bytes as {@link #deidentifyInMemory(Path, SubjectContext)} of {@code parsed.source()}
     * without a second read. Which values the parse left in the file (its bulk data threshold) does not change
     * the result. With a manifest ({@link Builder#manifest(boolean)}) the file is read again with this
     * de-identifier's own reader, because the manifest hashes the old values held in memory.
     *
     * @param parsed the instance as read by a {@code DicomReader} and not changed since; its data set is changed
     *        in place (the caller must not use it afterwards); the files its bulk data refers to must stay in place
     *        until the result is closed
     * @param ctx the subject
     * @param name the instance's name in refusals and messages (a file name, never a patient value)
     * @return the de-identified instance; close it when it has been sent
     * @throws DeidentificationException when the instance is refused (another patient, burned-in text...)
     * @throws IOException when masked pixel data cannot be written to its temporary file
     * @throws IllegalArgumentException with a manifest, if {@code parsed} has no source file to read again
     */
    public DeidentifiedInstance deidentifyInMemory(DicomFile parsed, SubjectContext ctx, String name)
            throws DeidentificationException, IOException {
        DicomFile df = parsed;
        if (manifest) {
            if (parsed.source() == null) {
                throw new IllegalArgumentException(name + ": a de-identifier with a manifest needs the source file");
            }
            df = read(parsed.source());
        }
        Engine.Outcome o = engine.run(df, ctx, name);
        return new DeidentifiedInstance(o.file(), new InstanceResult(parsed.source(), null, null, o.newSopInstanceUid(),
                o.manifest(), o.crosswalk()), o.temporaryFiles());
    }

    /**
     * De-identifies a data set in memory (for callers that received it over the network). The data set is
     * changed in place; bulk data references stay as they are (masked pixel data refers to a temporary file
     * deleted when the JVM exits).
     *
     * @param fileMeta the file meta information (replaced by the caller's writer), may be empty
     * @param dataSet the data set, changed in place
     * @param ctx the subject
     * @param name a name of the instance for messages
     * @return the result (no source or output path)
     * @throws DeidentificationException when the instance is refused
     */
    public InstanceResult deidentify(DataSet fileMeta, DataSet dataSet, SubjectContext ctx, String name)
            throws DeidentificationException {
        DicomFile df = new DicomFile(null, fileMeta, dataSet,
                org.rpb.pacs.core.data.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);
        Engine.Outcome o;
        try {
            o = engine.run(df, ctx, name);
        } catch (IOException e) {
            throw new DeidentificationException(name + ": " + e.getMessage(), e);
        }
        // masked pixel data stays in a temporary file that the caller's writer reads later
        o.temporaryFiles().forEach(p -> p.toFile().deleteOnExit());
        return new InstanceResult(null, null, null, o.newSopInstanceUid(), o.manifest(), o.crosswalk());
    }

    /**
     * De-identifies many files into one folder, each output named by its new SOP Instance UID
     * ({@code <uid>.dcm}). A refused file is reported in its result and the batch goes on. All files must
     * belong to one patient: the context's expected Patient ID, or else the first readable file's.
     *
     * @param inputs the input files
     * @param outDir the output folder (created if missing; other files in it are left alone)
     * @param ctx the subject
     * @param progress called after each file (may be null)
     * @return one result per input, in input order
     * @throws IOException when the output folder cannot be created
     */
    public BatchResult deidentifyAll(List<Path> inputs, Path outDir, SubjectContext ctx,
            Consumer<InstanceResult> progress) throws IOException {
        if (!dryRun) {
            Files.createDirectories(outDir);
            removeStaleParts(outDir);
        }
        SubjectContext fixed = ctx;
        if (fixed.expectedPatientId() == null) {
            // the first readable file names the patient of the batch; files of another patient are refused
            for (Path in : inputs) {
                try {
                    DataSet ds = read(in).dataSet();
                    String pid = ds.getString(Tags.PatientID);
                    fixed = fixed.withExpectedPatient(pid == null ? "" : pid.trim(),
                            ds.getString(Tags.IssuerOfPatientID));
                    break;
                } catch (DeidentificationException | RuntimeException e) {
                    // unreadable: reported when its turn comes
                }
            }
        }
        SubjectContext batchCtx = fixed;
        int threads = Math.max(1, Math.min(threads(), inputs.size()));
        List<InstanceResult> results = new ArrayList<>(inputs.size());
        if (threads == 1) {
            for (Path in : inputs) {
                InstanceResult r = one(in, outDir, batchCtx);
                results.add(r);
                if (progress != null) {
                    progress.accept(r);
                }
            }
        } else {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                    r -> {
                        Thread t = new Thread(r, "pacs-deident-batch");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                // a bounded window of files in flight keeps memory flat whatever the batch size
                java.util.ArrayDeque<java.util.concurrent.Future<InstanceResult>> window = new java.util.ArrayDeque<>();
                int next = 0;
                while (next < inputs.size() || !window.isEmpty()) {
                    while (next < inputs.size() && window.size() < threads * 4) {
                        Path in = inputs.get(next++);
                        window.add(pool.submit(() -> one(in, outDir, batchCtx)));
                    }
                    InstanceResult r = window.poll().get();
                    results.add(r);
                    if (progress != null) {
                        progress.accept(r);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("batch failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        List<Crosswalk> parts = new ArrayList<>(results.size());
        for (InstanceResult r : results) {
            parts.add(r.crosswalk());
        }
        return new BatchResult(results, Crosswalk.union(parts));
    }

    /** The crosswalk of a refused instance. */
    private static final Crosswalk NONE = new Crosswalk(Map.of(), Map.of());

    private int threads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    private InstanceResult one(Path in, Path outDir, SubjectContext ctx) {
        try {
            DicomFile df = read(in);
            Engine.Outcome o = engine.run(df, ctx, in.getFileName().toString());
            Path out = outDir.resolve(o.newSopInstanceUid() + ".dcm");
            if (!dryRun) {
                write(o, out);
            } else {
                o.cleanUp();
            }
            return new InstanceResult(in, dryRun ? null : out, null, o.newSopInstanceUid(), o.manifest(),
                    o.crosswalk());
        } catch (DeidentificationException e) {
            return new InstanceResult(in, null, e.getMessage(), null, List.of(), NONE);
        } catch (IOException e) {
            return new InstanceResult(in, null, in + ": cannot be written: " + e.getMessage(), null, List.of(), NONE);
        } catch (RuntimeException e) {
            // a defect or an input the codec does not handle: reported for this file, the batch goes on
            return new InstanceResult(in, null, in + ": cannot be processed (" + e.getClass().getSimpleName() + ")",
                    null, List.of(), NONE);
        }
    }

    private DicomFile read(Path in) throws DeidentificationException {
        try {
            return reader.read(in);
        } catch (IOException e) {
            throw new DeidentificationException(e.getMessage() != null && e.getMessage().contains(in.toString())
                    ? "not readable as DICOM: " + e.getMessage() : in + ": not readable as DICOM: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DeidentificationException(in + ": not readable as DICOM: " + e.getClass().getSimpleName(), e);
        }
    }

    private void write(Engine.Outcome o, Path out) throws IOException {
        // written beside the target and moved into place, so that no half-written file is left where output
        // belongs
        Path dir = out.toAbsolutePath().getParent();
        // a hidden name beside the target, unique per process and thread; moved into place only once complete
        Path tmp = dir.resolve("." + out.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId() + ".part");
        boolean moved = false;
        try {
            // the hidden name is never the source's: written through a channel of its own (no check for that)
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.write(o.file(), ch);
            }
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp); // only a failed write leaves it (one system call less per file)
            }
            o.cleanUp();
        }
    }

    /** The hidden name {@link #write} gives a file in progress: the target's name, the process, the thread. */
    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("\\..+\\.(\\d+)-\\d+\\.part");

    /**
     * Deletes the files in progress that a process which no longer runs left in a folder (it was killed while
     * writing); those of running processes, this one included, are left to them.
     */
    private static void removeStaleParts(Path dir) throws IOException {
        try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*.part")) {
            for (Path p : s) {
                java.util.regex.Matcher m = PART.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).length() < 18
                        && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Configuration of a {@link Deidentifier}. */
    public static final class Builder {
        private Profile profile;
        private byte[] key;
        private Rules rules = Rules.NONE;
        private RoiVocabulary vocabulary = RoiVocabulary.NONE;
        private PrivateTagKnowledgeBase privateTags;
        private BurnedInPolicy burnedIn = BurnedInPolicy.refuse();
        private boolean dryRun;
        private boolean manifest = true;
        private boolean groupAgesOver89 = true;
        private int threads;

        private Builder() {
        }

        /**
         * @param n files de-identified at once by {@link Deidentifier#deidentifyAll} (default: the number of
         *        processors); results still come in input order
         * @return this
         */
        public Builder threads(int n) {
            threads = n;
            return this;
        }

        /** @param p the profile (default: basic, no option) @return this */
        public Builder profile(Profile p) {
            profile = Objects.requireNonNull(p);
            return this;
        }

        /** @param k the project secret key, at least 16 bytes (copied) @return this */
        public Builder key(byte[] k) {
            key = Objects.requireNonNull(k).clone();
            return this;
        }

        /** @param r project rules applied after the profile and the caller's identity @return this */
        public Builder rules(Rules r) {
            rules = Objects.requireNonNull(r);
            return this;
        }

        /** @param v ROI name vocabulary @return this */
        public Builder vocabulary(RoiVocabulary v) {
            vocabulary = Objects.requireNonNull(v);
            return this;
        }

        /** @param kb the safe-private list (default: the bundled TCIA list) @return this */
        public Builder privateTags(PrivateTagKnowledgeBase kb) {
            privateTags = Objects.requireNonNull(kb);
            return this;
        }

        /** @param p what to do with burned-in text (default: refuse) @return this */
        public Builder burnedIn(BurnedInPolicy p) {
            burnedIn = Objects.requireNonNull(p);
            return this;
        }

        /** @param d report only, write nothing (default false) @return this */
        public Builder dryRun(boolean d) {
            dryRun = d;
            return this;
        }

        /**
         * Whether the results carry the manifest (default true). Without it {@link InstanceResult#manifest()} is
         * empty and no keyed hash of an old value is computed, which is most of the work beyond reading and
         * writing; the crosswalk is kept either way.
         *
         * @param m keep the manifest
         * @return this
         */
        public Builder manifest(boolean m) {
            manifest = m;
            return this;
        }

        /** @param g when Patient's Age is kept, write ages over 89 years as 090Y (default true) @return this */
        public Builder groupAgesOver89(boolean g) {
            groupAgesOver89 = g;
            return this;
        }

        /**
         * @return the de-identifier
         * @throws IllegalArgumentException when no key of at least 16 bytes was given
         */
        public Deidentifier build() {
            if (key == null || key.length < 16) {
                throw new IllegalArgumentException("a project key of at least 16 bytes is required");
            }
            if (profile == null) {
                profile = Profile.basic();
            }
            return new Deidentifier(this);
        }
    }
}
