package org.rpb.pacs.deident;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;
import org.rpb.pacs.deident.dates.DateOffset;
import org.rpb.pacs.deident.dates.DateShifter;
import org.rpb.pacs.deident.manifest.Crosswalk;
import org.rpb.pacs.deident.manifest.ManifestEntry;
import org.rpb.pacs.deident.pixel.MaskRegion;
import org.rpb.pacs.deident.profile.Option;

/**
 * The work on one instance, in order: checks (SOP Instance UID, expected patient, burned-in text), the profile
 * walk ({@link ProfileWalker}), the caller's identity ({@link TrialIdentityWriter}), the project rules on the
 * top level ({@link RuleApplier}), pixel masking ({@link BurnedInMasker}), record keeping
 * ({@link RecordKeepingWriter}), new file meta information. One Engine per de-identifier; {@link #run} keeps
 * its state in objects of its own, so threads can share an Engine.
 */
final class Engine {

    /** The result of the work on one instance, before it is written. */
    record Outcome(DicomFile file, String newSopInstanceUid, List<ManifestEntry> manifest, Crosswalk crosswalk,
            List<Path> temporaryFiles) {
        void cleanUp() throws IOException {
            for (Path p : temporaryFiles) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The instance's own identifiers, which cleaned text must not keep. */
    private static final Tag[] IDENTIFIERS = {Tags.PatientName, Tags.PatientID, Tags.OtherPatientIDs,
        Tags.OtherPatientNames, Tags.PatientBirthDate, Tags.AccessionNumber, Tags.ReferringPhysicianName,
        Tags.PerformingPhysicianName, Tags.OperatorsName, Tags.StudyID, Tags.PatientMotherBirthName,
        Tags.PatientAddress, Tags.InstitutionName, Tags.PatientBirthName};

    /** How many patients' date offsets {@link #offsets} remembers before it starts over. */
    private static final int OFFSETS_CACHED = 1024;

    private final EngineSettings settings;
    /** Record keeping, its constant code items encoded once. */
    private final RecordKeepingWriter recordKeeping;
    /** Issuer NUL Patient ID to the patient's date offset: a batch is one patient, so one keyed hash per batch. */
    private final ConcurrentHashMap<String, DateOffset> offsets = new ConcurrentHashMap<>();

    Engine(EngineSettings settings) {
        this.settings = settings;
        this.recordKeeping = new RecordKeepingWriter(settings.profile());
    }

    /** The last patient's offset: a batch is one patient, so most files need neither a key string nor a lookup. */
    private volatile LastOffset last;

    private record LastOffset(String issuer, String pid, DateOffset offset) {
    }

    private DateOffset offset(String issuer, String pid) {
        LastOffset l = last;
        if (l != null && java.util.Objects.equals(l.issuer, issuer) && l.pid.equals(pid)) {
            return l.offset;
        }
        DateOffset o = cachedOffset(issuer, pid);
        last = new LastOffset(issuer, pid, o);
        return o;
    }

    private DateOffset cachedOffset(String issuer, String pid) {
        String key = (issuer == null ? "" : issuer) + "\0" + pid;
        DateOffset o = offsets.get(key);
        if (o == null) {
            o = DateOffset.forPatient(settings.keyed(), issuer, pid);
            if (offsets.size() >= OFFSETS_CACHED) {
                offsets.clear();
            }
            offsets.put(key, o);
        }
        return o;
    }

    Outcome run(DicomFile df, SubjectContext ctx, String name) throws DeidentificationException, IOException {
        DataSet ds = df.dataSet();
        // the original top level is needed only by rules (conditions, ${value} of identity attributes, keep)
        DataSet originalTop = settings.rules().rules().isEmpty() ? ds : ds.copy();
        String oldSop = ElementEditor.text(ds, Tags.SOPInstanceUID);
        String pid = TrialIdentityWriter.nz(ElementEditor.text(ds, Tags.PatientID));
        String issuer = ElementEditor.text(ds, Tags.IssuerOfPatientID);
        InstanceState instance = new InstanceState(name, ElementEditor.text(ds, Tags.SOPClassUID),
                ElementEditor.text(ds, Tags.Modality), originalTop,
                new DateShifter(offset(issuer, pid)), identifiers(ds),
                RuleApplier.templateValues(ctx));
        try {
            return run(df, ctx, instance, oldSop, pid, issuer);
        } catch (DeidentificationException | IOException | RuntimeException e) {
            for (Path p : instance.temporaryFiles()) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
    }

    private Outcome run(DicomFile df, SubjectContext ctx, InstanceState instance, String oldSop, String pid,
            String issuer) throws DeidentificationException, IOException {
        DataSet ds = df.dataSet();
        if (oldSop == null || oldSop.isEmpty()) {
            throw instance.refuse("no SOP Instance UID (0008,0018)");
        }
        if (ctx.expectedPatientId() != null) {
            boolean idOk = ctx.expectedPatientId().trim().equals(pid);
            boolean issuerOk = ctx.expectedIssuer() == null || issuer == null
                    || ctx.expectedIssuer().trim().equals(issuer.trim());
            if (!idOk || !issuerOk) {
                throw instance.refuse(
                        "Patient ID (0010,0020) is not the expected patient's; files of two patients are not mixed");
            }
        }
        ManifestRecorder recorder = new ManifestRecorder(settings.keepManifest(),
                settings.keepManifest() ? settings.keyed().newMac() : null);
        ElementEditor editor = new ElementEditor(instance, recorder);
        BurnedInMasker masker = new BurnedInMasker(settings.burnedIn(), instance, editor);
        List<MaskRegion> masks = masker.regions(ds);
        recorder.instance(settings.profile().has(Option.RETAIN_UIDS) ? oldSop : settings.keyed().remap(oldSop));

        ProfileWalker walker = new ProfileWalker(settings, instance, editor);
        walker.walk(ds, null, ProfileWalker.Mode.NORMAL);
        new TrialIdentityWriter(editor).write(ds, ctx);
        walker.rules().applyTopLevel(ds);
        if (masks != null) {
            masker.mask(ds, masks);
        }
        recordKeeping.write(ds, editor, instance.masked());
        String newSop = ElementEditor.text(ds, Tags.SOPInstanceUID);
        if (newSop == null || newSop.isEmpty()) {
            throw instance.refuse("a rule removed the SOP Instance UID (0008,0018)");
        }
        String newClass = ElementEditor.text(ds, Tags.SOPClassUID);
        if (newClass == null) {
            newClass = ElementEditor.text(df.fileMeta(), Tags.MediaStorageSOPClassUID);
        }
        DataSet meta = DicomWriter.createFileMeta(TrialIdentityWriter.nz(newClass), newSop, df.transferSyntax(), null);
        DicomFile out = new DicomFile(new byte[128], meta, ds, df.transferSyntax(), df.source());
        Map<String, String> patients = new TreeMap<>();
        patients.put(pid, ctx.patientId());
        return new Outcome(out, newSop, recorder.entries(), new Crosswalk(recorder.uids(), patients),
                instance.temporaryFiles());
    }

    private static List<String> identifiers(DataSet ds) {
        List<String> out = new ArrayList<>();
        for (Tag t : IDENTIFIERS) {
            String s = ElementEditor.text(ds, t);
            if (s != null && !s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }
}
