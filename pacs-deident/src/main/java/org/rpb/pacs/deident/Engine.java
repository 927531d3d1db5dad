package org.rpb.pacs.deident;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.rpb.pacs.core.charset.SpecificCharacterSet;
import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Dictionary;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;
import org.rpb.pacs.deident.dates.DateOffset;
import org.rpb.pacs.deident.dates.DateShifter;
import org.rpb.pacs.deident.manifest.Crosswalk;
import org.rpb.pacs.deident.manifest.ManifestEntry;
import org.rpb.pacs.deident.pixel.BurnedInPolicy;
import org.rpb.pacs.deident.pixel.MaskRegion;
import org.rpb.pacs.deident.pixel.PixelMasker;
import org.rpb.pacs.deident.privatetags.PrivateDisposition;
import org.rpb.pacs.deident.privatetags.PrivateTagKnowledgeBase;
import org.rpb.pacs.deident.profile.Action;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.profile.TextCleaner;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.deident.rules.PathStep;
import org.rpb.pacs.deident.rules.Rule;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.deident.rules.TagPath;
import org.rpb.pacs.deident.rules.Template;
import org.rpb.pacs.deident.uid.UidRemapper;

/**
 * The work on one instance. One Engine per instance (it holds the instance's state); not shared between threads.
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

    private enum Mode { NORMAL, DUMMY_TEXT, CLEAN_TEXT }

    /** A path as a chain of steps: one allocation per element; turned into a list only for rules and reports. */
    private record Node(Node parent, PathStep step) {
    }

    private static List<PathStep> toList(Node n) {
        int size = 0;
        for (Node x = n; x != null; x = x.parent()) {
            size++;
        }
        PathStep[] a = new PathStep[size];
        for (Node x = n; x != null; x = x.parent()) {
            a[--size] = x.step();
        }
        return java.util.Arrays.asList(a);
    }

    private Rule match(Node path) {
        return rules.rules().isEmpty() ? null : rules.match(toList(path), modality, sopClass, this::originalText);
    }

    private static final int PATIENT_NAME = 0x00100010;
    private static final int PATIENT_ID = 0x00100020;
    private static final int ISSUER = 0x00100021;
    private static final int SOP_CLASS = 0x00080016;
    private static final int SOP_INSTANCE = 0x00080018;
    private static final int MODALITY = 0x00080060;
    private static final int PATIENT_AGE = 0x00101010;
    private static final int BURNED_IN = 0x00280301;
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final int ROI_NAME = 0x30060026;
    private static final int ROI_OBSERVATION_LABEL = 0x30060085;
    private static final int METHOD = 0x00120063;
    private static final int METHOD_CODES = 0x00120064;

    /** Attributes written from the caller's context after the profile; rules on them run after that. */
    private static final Set<Integer> IDENTITY = Set.of(PATIENT_NAME, PATIENT_ID, 0x00120010, 0x00120020, 0x00120021,
            0x00120030, 0x00120031, 0x00120040, 0x00120050, 0x00120051);

    /** The identity attributes in tag order, so that the manifest lists them the same way in every run. */
    private static final int[] IDENTITY_ORDER = IDENTITY.stream().mapToInt(Integer::intValue).sorted().toArray();

    /** Date and time attributes that describe one instant (DA tag to TM tag) besides the (g,e)/(g,e+0x10) rule. */
    private static final Map<Integer, Integer> PAIRS = Map.ofEntries(
            Map.entry(0x00100030, 0x00100032), Map.entry(0x00400244, 0x00400245), Map.entry(0x00400250, 0x00400251),
            Map.entry(0x00400002, 0x00400003), Map.entry(0x00400004, 0x00400005), Map.entry(0x30060008, 0x30060009),
            Map.entry(0x300A0006, 0x300A0007), Map.entry(0x30080250, 0x30080251), Map.entry(0x00181200, 0x00181201),
            Map.entry(0x00080012, 0x00080013), Map.entry(0x00320032, 0x00320033), Map.entry(0x00320034, 0x00320035),
            Map.entry(0x0040A121, 0x0040A122), Map.entry(0x00380020, 0x00380021), Map.entry(0x0038001A, 0x0038001B),
            Map.entry(0x0038001C, 0x0038001D), Map.entry(0x00380030, 0x00380032), Map.entry(0x00321000, 0x00321001),
            Map.entry(0x00321010, 0x00321011), Map.entry(0x00321040, 0x00321041), Map.entry(0x00321050, 0x00321051),
            Map.entry(0x00181012, 0x00181014), Map.entry(0x0018700C, 0x0018700E), Map.entry(0x0014407E, 0x0014407C),
            Map.entry(0x300E0004, 0x300E0005), Map.entry(0x00700082, 0x00700083), Map.entry(0x30080024, 0x30080025),
            Map.entry(0x30080162, 0x30080164), Map.entry(0x30080166, 0x30080168),
            Map.entry(0x00080020, 0x00080030), Map.entry(0x00080021, 0x00080031), Map.entry(0x00080022, 0x00080032),
            Map.entry(0x00080023, 0x00080033), Map.entry(0x00080024, 0x00080034), Map.entry(0x00080025, 0x00080035),
            Map.entry(0x300A022C, 0x300A022E));

    /** {@link #PAIRS} from the TM tag to the DA tag. */
    private static final Map<Integer, Integer> PAIRS_BY_TIME = PAIRS.entrySet().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private final Profile profile;
    private final UidRemapper keyed;
    private final Rules rules;
    private final RoiVocabulary vocabulary;
    private final PrivateTagKnowledgeBase privateTags;
    private final BurnedInPolicy burnedIn;
    private final boolean groupAges;
    private final org.rpb.pacs.deident.dates.DateTimePairs pairs;
    /** Loaded only when needed (UN values, rules creating attributes): most files never need it. */
    private Dictionary dict;
    private final org.rpb.pacs.deident.uid.HmacSha256 mac;
    private static final byte[] MANIFEST_PURPOSE = "manifest\0".getBytes(StandardCharsets.US_ASCII);

    private final List<ManifestEntry> manifest = new ArrayList<>();
    /** Without a manifest nothing is recorded, so no old value is hashed and no path is formatted. */
    private final boolean keepManifest;
    private final Map<String, String> uidMap = new TreeMap<>();
    private final List<Path> temporaryFiles = new ArrayList<>();
    private String instance;
    private String name;
    private String sopClass;
    private String modality;
    private DataSet originalTop;
    private DateShifter shifter;
    private TextCleaner cleaner;
    /** The instance's own identifiers, read before the walk changes them; the cleaner is built on first use. */
    private List<String> ownIdentifiers;
    private Map<String, String> templateValues;
    private boolean masked;

    Engine(Profile profile, UidRemapper keyed, Rules rules, RoiVocabulary vocabulary, PrivateTagKnowledgeBase kb,
            BurnedInPolicy burnedIn, boolean groupAges, org.rpb.pacs.deident.dates.DateTimePairs pairs,
            boolean keepManifest) {
        this.pairs = pairs;
        this.keepManifest = keepManifest;
        this.profile = profile;
        this.keyed = keyed;
        this.rules = rules;
        this.vocabulary = vocabulary;
        this.privateTags = kb;
        this.burnedIn = burnedIn;
        this.groupAges = groupAges;
        this.mac = keyed.newMac();
    }

    Outcome run(DicomFile df, SubjectContext ctx, String name) throws DeidentificationException, IOException {
        try {
            return runInner(df, ctx, name);
        } catch (DeidentificationException | IOException | RuntimeException e) {
            for (Path p : temporaryFiles) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
    }

    private Outcome runInner(DicomFile df, SubjectContext ctx, String name) throws DeidentificationException,
            IOException {
        this.name = name;
        DataSet ds = df.dataSet();
        // the original top level is needed only by rules (conditions, ${value} of identity attributes, keep)
        originalTop = rules.rules().isEmpty() ? ds : ds.copy();
        sopClass = text(ds, SOP_CLASS);
        modality = text(ds, MODALITY);
        String oldSop = text(ds, SOP_INSTANCE);
        if (oldSop == null || oldSop.isEmpty()) {
            throw refuse("no SOP Instance UID (0008,0018)");
        }
        String pid = nz(text(ds, PATIENT_ID));
        String issuer = text(ds, ISSUER);
        if (ctx.expectedPatientId() != null) {
            boolean idOk = ctx.expectedPatientId().trim().equals(pid);
            boolean issuerOk = ctx.expectedIssuer() == null || issuer == null
                    || ctx.expectedIssuer().trim().equals(issuer.trim());
            if (!idOk || !issuerOk) {
                throw refuse("Patient ID (0010,0020) is not the expected patient's; files of two patients are not mixed");
            }
        }
        List<MaskRegion> masks = null;
        String why = BurnedInPolicy.reason(modality, sopClass, text(ds, BURNED_IN));
        if (why != null && ds.get(PIXEL_DATA) != null) {
            masks = burnedIn.masksFor(modality);
            if (masks == null) {
                throw refuse(why + " and no mask is configured for it: refused");
            }
            if (ds.get(PIXEL_DATA).isFragments()) {
                throw refuse(why + " and its pixel data is compressed, which cannot be masked: refused");
            }
        }
        boolean retainUids = profile.has(Option.RETAIN_UIDS);
        instance = retainUids ? oldSop : keyed.remap(oldSop);
        shifter = new DateShifter(DateOffset.forPatient(keyed, issuer, pid));
        ownIdentifiers = identifiers(ds);
        templateValues = templateValues(ctx);

        walk(ds, null, Mode.NORMAL);
        applyIdentity(ds, ctx);
        applyTopLevelRules(ds);
        if (masks != null) {
            mask(ds, masks);
        }
        recordKeeping(ds);
        String newSop = text(ds, SOP_INSTANCE);
        if (newSop == null || newSop.isEmpty()) {
            throw refuse("a rule removed the SOP Instance UID (0008,0018)");
        }
        String newClass = text(ds, SOP_CLASS);
        if (newClass == null) {
            newClass = text(df.fileMeta(), 0x00020002);
        }
        DataSet meta = DicomWriter.createFileMeta(nz(newClass), newSop, df.transferSyntax(), null);
        DicomFile out = new DicomFile(new byte[128], meta, ds, df.transferSyntax(), df.source());
        Map<String, String> patients = new TreeMap<>();
        patients.put(pid, ctx.patientId());
        return new Outcome(out, newSop, manifest, new Crosswalk(uidMap, patients), temporaryFiles);
    }

    // ------------------------------------------------------------------------------------------ the walk

    private void walk(DataSet ds, Node parent, Mode mode) throws DeidentificationException, IOException {
        // the private creators of this data set, (group << 8 | block) to name; few, so two small arrays
        int[] creatorKeys = new int[0];
        String[] creatorNames = new String[0];
        for (DataElement e : ds) {
            int t = e.tag().value();
            if (isPrivateCreator(t)) {
                creatorKeys = java.util.Arrays.copyOf(creatorKeys, creatorKeys.length + 1);
                creatorNames = java.util.Arrays.copyOf(creatorNames, creatorNames.length + 1);
                creatorKeys[creatorKeys.length - 1] = ((t >>> 16) << 8) | (t & 0xFF);
                creatorNames[creatorNames.length - 1] = decode(ds, e, VR.LO).trim();
            }
        }
        Set<Integer> keptBlocks = new HashSet<>();
        Set<Integer> doneTimes = new HashSet<>();
        List<DataElement> deferred = new ArrayList<>(0);
        for (DataElement e : new ArrayList<>(ds.elements())) {
            int t = e.tag().value();
            int group = t >>> 16;
            if (isPrivateCreator(t)) {
                continue;
            }
            if ((t & 0xFFFF) == 0 && group != 2) {
                ds.remove(e.tag()); // group lengths: retired, and wrong once values change
                continue;
            }
            String creator = null;
            if ((group & 1) == 1) {
                int key = (group << 8) | ((t >>> 8) & 0xFF);
                for (int i = 0; i < creatorKeys.length; i++) {
                    if (creatorKeys[i] == key) {
                        creator = creatorNames[i];
                        break;
                    }
                }
            }
            Node path = new Node(parent, new PathStep(t, creator, -1));
            if (alwaysRemoved(t)) {
                remove(ds, e, path, "X");
                continue;
            }
            boolean top = parent == null;
            Rule rule = rules.rules().isEmpty() || (top && IDENTITY.contains(t)) ? null : match(path);
            if (rule != null) {
                if (applyRule(ds, e, path, rule, mode)) {
                    if ((group & 1) == 1) {
                        keptBlocks.add((group << 8) | ((t >>> 8) & 0xFF));
                    }
                }
                continue;
            }
            if ((group & 1) == 1) {
                if (privateElement(ds, e, path, creator, mode)) {
                    keptBlocks.add((group << 8) | ((t >>> 8) & 0xFF));
                }
                continue;
            }
            if (doneTimes.contains(t)) {
                continue;
            }
            Integer dateTag = e.vr() == VR.TM || e.vr() == VR.UN ? dateOf(t) : null;
            if (dateTag != null && dateTag > t && ds.get(dateTag) != null) {
                // a time whose date comes later in tag order (Calibration Time before Calibration Date): the
                // date shifts both as one instant; the time alone only if the date did not take it
                deferred.add(e);
                continue;
            }
            Action a = decide(t, vrOf(e), mode);
            apply(ds, e, path, a, mode, doneTimes);
        }
        for (DataElement e : deferred) {
            int t = e.tag().value();
            if (!doneTimes.contains(t) && ds.get(t) == e) {
                apply(ds, e, new Node(parent, new PathStep(t, null, -1)), decide(t, vrOf(e), mode), mode, doneTimes);
            }
        }
        for (DataElement e : new ArrayList<>(ds.elements())) {
            int t = e.tag().value();
            if (isPrivateCreator(t) && !keptBlocks.contains(((t >>> 16) << 8) | (t & 0xFF))) {
                remove(ds, e, new Node(parent, new PathStep(t, null, -1)), "X");
            }
        }
    }

    private Action decide(int tag, VR vr, Mode mode) {
        Action a = profile.actionFor(tag, sopClass);
        if (a != null) {
            return a;
        }
        // safety nets: attributes the table does not name
        if (vr == VR.DA || vr == VR.DT || vr == VR.TM) {
            return dateAction();
        }
        if (vr == VR.UI) {
            return profile.has(Option.RETAIN_UIDS) ? Action.KEEP : Action.REPLACE_UID;
        }
        if (vr == VR.PN) {
            return mode == Mode.CLEAN_TEXT ? Action.CLEAN : Action.DUMMY;
        }
        if (vr == VR.UN) {
            return Action.REMOVE; // a public attribute the dictionary does not know: its content is unknown
        }
        boolean text = vr == VR.LO || vr == VR.SH || vr == VR.ST || vr == VR.LT || vr == VR.UT || vr == VR.UC;
        if (text && (mode == Mode.CLEAN_TEXT || profile.has(Option.CLEAN_DESCRIPTORS))) {
            return Action.CLEAN;
        }
        if (text && mode == Mode.DUMMY_TEXT && vr != VR.LO && vr != VR.SH) {
            return Action.DUMMY;
        }
        return Action.KEEP;
    }

    private Action dateAction() {
        if (profile.has(Option.RETAIN_LONGITUDINAL_FULL_DATES)) {
            return Action.KEEP;
        }
        if (profile.has(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            return Action.CLEAN;
        }
        return Action.REMOVE;
    }

    private void apply(DataSet ds, DataElement e, Node path, Action a, Mode mode, Set<Integer> doneTimes)
            throws DeidentificationException, IOException {
        int t = e.tag().value();
        VR vr = vrOf(e);
        if (e.isSequence()) {
            switch (a) {
                case REMOVE -> remove(ds, e, path, "X");
                case EMPTY -> {
                    if (!e.isEmpty()) {
                        ds.set(DataElement.of(e.tag(), e.vr(), Sequence.empty(), true));
                        record(path, "Z", null, "");
                    }
                }
                case DUMMY -> walkItems(e, path, mode == Mode.CLEAN_TEXT ? mode : Mode.DUMMY_TEXT);
                case CLEAN -> walkItems(e, path, Mode.CLEAN_TEXT);
                default -> walkItems(e, path, mode);
            }
            return;
        }
        if ((t == ROI_NAME || t == ROI_OBSERVATION_LABEL) && a != Action.KEEP) {
            String std = vocabulary.standardName(decode(ds, e, vr));
            if (std != null) {
                setText(ds, e, vr, std, path, "C");
                return;
            }
        }
        switch (a) {
            case REMOVE -> remove(ds, e, path, "X");
            case EMPTY -> {
                if (!e.isEmpty()) {
                    record(path, "Z", e, "");
                    ds.set(DataElement.of(e.tag(), vr, new byte[0]));
                }
            }
            case DUMMY -> {
                if (vr == VR.UI) {
                    remapUid(ds, e, path);
                } else {
                    dummy(ds, e, vr, path);
                }
            }
            case REPLACE_UID -> {
                if (vr == VR.UI) {
                    remapUid(ds, e, path);
                }
            }
            case CLEAN -> clean(ds, e, vr, path, doneTimes);
            case KEEP -> {
                if (t == PATIENT_AGE && groupAges) {
                    String age = decode(ds, e, vr).trim();
                    if (age.matches("\\d{3}Y") && Integer.parseInt(age.substring(0, 3)) > 89) {
                        setText(ds, e, vr, "090Y", path, "C");
                    }
                }
            }
        }
    }

    private void walkItems(DataElement e, Node path, Mode mode) throws DeidentificationException, IOException {
        Sequence s = e.sequence();
        PathStep last = path.step();
        Node parent = path.parent();
        for (int i = 0; i < s.size(); i++) {
            walk(s.get(i), new Node(parent, new PathStep(last.tag(), last.creator(), i)), mode);
        }
    }

    private void clean(DataSet ds, DataElement e, VR vr, Node path, Set<Integer> doneTimes)
            throws DeidentificationException, IOException {
        if (vr == VR.DA || vr == VR.TM || vr == VR.DT) {
            if (profile.has(Option.RETAIN_LONGITUDINAL_FULL_DATES) || e.isEmpty()) {
                return;
            }
            shiftDate(ds, e, vr, path, doneTimes);
            return;
        }
        if (vr == VR.UI) {
            remapUid(ds, e, path);
            return;
        }
        if (e.tag().value() == 0x00080201) {
            return; // Timezone Offset From UTC: an offset, not a date; a shift leaves it true
        }
        if (vr.isText()) {
            String old = decode(ds, e, vr);
            if (cleaner == null) {
                cleaner = TextCleaner.forIdentifiers(ownIdentifiers);
            }
            String c = cleaner.clean(vr == VR.PN ? old.replace('^', ' ') : old);
            if (!c.equals(old.trim())) {
                setText(ds, e, vr, c, path, "C");
            }
        }
    }

    private void shiftDate(DataSet ds, DataElement e, VR vr, Node path, Set<Integer> doneTimes)
            throws DeidentificationException, IOException {
        String old = decode(ds, e, vr).trim();
        try {
            if (vr == VR.DA) {
                int t = e.tag().value();
                Integer tmTag = pairOf(t);
                DataElement tm = tmTag == null ? null : ds.get(tmTag);
                if (tm != null && !tm.isEmpty() && vrOf(tm) == VR.TM && decide(tmTag, VR.TM, Mode.NORMAL) == Action.CLEAN
                        && old.indexOf('\\') < 0 && match(new Node(path.parent(), new PathStep(tmTag, null, -1))) == null) {
                    String tmOld = decode(ds, tm, VR.TM).trim();
                    if (tmOld.indexOf('\\') < 0) {
                        String[] pair = shifter.shiftPair(old, tmOld);
                        setText(ds, e, vr, pair[0], path, "C");
                        Node tmPath = new Node(path.parent(), new PathStep(tmTag, null, -1));
                        setText(ds, tm, VR.TM, pair[1], tmPath, "C");
                        doneTimes.add(tmTag);
                        return;
                    }
                }
                setText(ds, e, vr, shifter.shiftDA(old), path, "C");
            } else if (vr == VR.TM) {
                setText(ds, e, vr, shifter.shiftTM(old), path, "C");
            } else {
                setText(ds, e, vr, shifter.shiftDT(old), path, "C");
            }
        } catch (DateShifter.UnshiftableException x) {
            // a value that is not a date cannot be shifted, and kept it might identify: removed
            remove(ds, e, path, "X");
        }
    }

    private Integer dateOf(int tmTag) {
        Integer d = PAIRS_BY_TIME.get(tmTag);
        return d != null ? d : pairs.dateOf(tmTag);
    }

    private Integer pairOf(int daTag) {
        Integer p = PAIRS.get(daTag);
        return p != null ? p : pairs.timeOf(daTag);
    }

    private Dictionary dict() {
        if (dict == null) {
            dict = Dictionary.standard();
        }
        return dict;
    }

    private void dummy(DataSet ds, DataElement e, VR vr, Node path) throws DeidentificationException,
            IOException {
        String v = switch (vr) {
            case DA -> "19000101";
            case TM -> "000000";
            case DT -> "19000101000000";
            case DS, IS -> "0";
            case AS -> "000Y";
            case AE, CS -> "ANONYMIZED";
            case UR -> "";
            default -> null;
        };
        if (v == null && vr.isText()) {
            v = "ANONYMIZED";
        }
        if (v != null) {
            setText(ds, e, vr, v, path, "D");
            return;
        }
        int size = vr.isBinary() ? vr.valueSize() : 2;
        record(path, "D", e, "0");
        ds.set(DataElement.of(e.tag(), vr, new byte[Math.max(2, size)]));
    }

    private void remapUid(DataSet ds, DataElement e, Node path) throws DeidentificationException,
            IOException {
        int t = e.tag().value();
        if (UidRemapper.STRUCTURAL_TAGS.contains(t) || e.isEmpty()) {
            return;
        }
        String old = decode(ds, e, VR.UI);
        String[] parts = old.split("\\\\", -1);
        StringBuilder sb = new StringBuilder();
        boolean changed = false;
        for (int i = 0; i < parts.length; i++) {
            String o = parts[i].trim().replace("\0", "");
            String n = keyed.remap(o);
            if (!n.equals(o)) {
                changed = true;
                uidMap.put(o, n);
            }
            sb.append(i > 0 ? "\\" : "").append(n);
        }
        if (changed) {
            setText(ds, e, VR.UI, sb.toString(), path, "U");
        }
    }

    // ---------------------------------------------------------------------------------- private elements

    /** @return whether the element stays (so its creator stays) */
    private boolean privateElement(DataSet ds, DataElement e, Node path, String creator, Mode mode)
            throws DeidentificationException, IOException {
        if (creator == null || !profile.has(Option.RETAIN_SAFE_PRIVATE)) {
            remove(ds, e, path, "X");
            return false;
        }
        int t = e.tag().value();
        String vrName = e.isSequence() && e.vr() != VR.UN ? "SQ" : e.vr().name();
        PrivateTagKnowledgeBase.Listed listed = privateTags.lookup(t >>> 16, creator, t & 0xFF, vrName);
        // the VR the value is read and rewritten with: an implicit VR file reads private elements as UN
        VR vr = e.vr();
        if (vr == VR.UN && listed.vr() != null && !listed.vr().equals("SQ")) {
            try {
                vr = VR.of(listed.vr());
            } catch (IllegalArgumentException x) {
                vr = VR.UN;
            }
        }
        switch (listed.disposition()) {
            case KEEP -> {
                if (e.isSequence()) {
                    walkItems(e, path, mode);
                }
                return true;
            }
            case HASH_UID -> {
                if (profile.has(Option.RETAIN_UIDS)) {
                    return true; // UIDs are kept under Retain UIDs, private ones too
                }
                byte[] raw = e.bytes();
                String v = raw == null ? "" : new String(raw, StandardCharsets.US_ASCII).replace("\0", "").trim();
                if (!UidRemapper.isValidUid(v)) {
                    remove(ds, e, path, "X");
                    return false;
                }
                String n = keyed.remap(v);
                uidMap.put(v, n);
                record(path, "U", e, n);
                byte[] b = pad(n.getBytes(StandardCharsets.US_ASCII), (byte) 0);
                ds.set(DataElement.of(e.tag(), vr, b, e.bigEndian()));
                return true;
            }
            case OFFSET_DATE -> {
                if (profile.has(Option.RETAIN_LONGITUDINAL_FULL_DATES)) {
                    return true;
                }
                if (!profile.has(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES) || !e.isBytes()) {
                    remove(ds, e, path, "X");
                    return false;
                }
                String v = new String(e.bytes(), StandardCharsets.ISO_8859_1).replace("\0", "").trim();
                try {
                    String n;
                    if (vr == VR.TM) {
                        n = shifter.shiftTM(v);
                    } else if (vr == VR.DA || (vr != VR.DT && v.matches("\\d{8}"))) {
                        n = shifter.shiftDA(v);
                    } else {
                        n = shifter.shiftDT(v);
                    }
                    record(path, "C", e, n);
                    VR textVr = vr.isText() ? vr : VR.LO;
                    ds.set(DataElement.of(e.tag(), vr, pad(n.getBytes(StandardCharsets.US_ASCII),
                            textVr.paddingByte())));
                    return true;
                } catch (DateShifter.UnshiftableException x) {
                    remove(ds, e, path, "X");
                    return false;
                }
            }
            default -> {
                remove(ds, e, path, "X");
                return false;
            }
        }
    }

    // ----------------------------------------------------------------------------------------- rules

    /** @return whether the element stays */
    private boolean applyRule(DataSet ds, DataElement e, Node path, Rule r, Mode mode)
            throws DeidentificationException, IOException {
        VR vr = vrOf(e);
        switch (r.kind()) {
            case KEEP -> {
                if (e.isSequence()) {
                    walkItems(e, path, mode);
                }
                return true;
            }
            case REMOVE -> {
                remove(ds, e, path, "X");
                return false;
            }
            case EMPTY -> {
                if (e.isSequence()) {
                    ds.set(DataElement.of(e.tag(), e.vr(), Sequence.empty(), true));
                } else {
                    ds.set(DataElement.of(e.tag(), vr, new byte[0]));
                }
                record(path, "Z", e, "");
                return true;
            }
            case SET -> {
                if (e.isSequence() || !vr.isText()) {
                    throw refuse("rule at line " + r.line() + " sets " + Tag.toString(e.tag().value())
                            + ", which is not a text attribute");
                }
                setText(ds, e, vr, evaluate(r, decode(ds, e, vr)), path, "SET");
                return true;
            }
            default -> {
                // PREFIX / SUFFIX: on the value the profile leaves
                if (e.isSequence() || !vr.isText()) {
                    throw refuse("rule at line " + r.line() + " adds text to " + Tag.toString(e.tag().value())
                            + ", which is not a text attribute");
                }
                String original = decode(ds, e, vr);
                if (e.tag().isPrivate()) {
                    privateElement(ds, e, path, creatorOf(path), mode);
                } else {
                    apply(ds, e, path, decide(e.tag().value(), vr, mode), mode, new HashSet<>());
                }
                DataElement now = ds.get(e.tag());
                String base = now == null ? "" : decode(ds, now, vr);
                String add = evaluate(r, original);
                String v = r.kind() == Rule.Kind.PREFIX ? add + base : base + add;
                setText(ds, now != null ? now : e, vr, v, path, "SET");
                return true;
            }
        }
    }

    private static String creatorOf(Node path) {
        return path.step().creator();
    }

    private String evaluate(Rule r, String original) throws DeidentificationException {
        Map<String, String> v = new HashMap<>(templateValues);
        if (original != null) {
            v.put("value", original.trim());
        }
        try {
            return r.value().evaluate(v, s -> HexFormat.of().formatHex(
                    keyed.keyedHash("template", s.getBytes(StandardCharsets.UTF_8)), 0, 8));
        } catch (Template.MissingValueException x) {
            throw refuse("rule at line " + r.line() + ": " + x.getMessage());
        }
    }

    /** Identity attributes (written from the context) and SET rules for absent top-level attributes. */
    private void applyTopLevelRules(DataSet ds) throws DeidentificationException, IOException {
        for (int t : IDENTITY_ORDER) {
            DataElement e = ds.get(t);
            if (e == null) {
                continue;
            }
            Node path = new Node(null, new PathStep(t, null, -1));
            Rule r = match(path);
            if (r == null) {
                continue;
            }
            VR vr = vrOf(e);
            String original = originalText(t);
            switch (r.kind()) {
                case KEEP -> {
                    DataElement o = originalTop.get(t);
                    if (o != null) {
                        ds.set(o);
                    }
                }
                case REMOVE -> remove(ds, e, path, "X");
                case EMPTY -> {
                    ds.set(DataElement.of(e.tag(), vr, new byte[0]));
                    record(path, "Z", e, "");
                }
                case SET -> setText(ds, e, vr, evaluate(r, original), path, "SET");
                default -> {
                    String base = decode(ds, e, vr);
                    String add = evaluate(r, original);
                    setText(ds, e, vr, r.kind() == Rule.Kind.PREFIX ? add + base : base + add, path, "SET");
                }
            }
        }
        for (Rule r : rules.rules()) {
            int t = r.path().singleTag();
            if (t < 0 || ds.get(t) != null || r.kind() != Rule.Kind.SET
                    || !Rules.holds(r, modality, sopClass, this::originalText)) {
                continue;
            }
            VR vr = dict().vrOf(t);
            if (vr == null || !vr.isText()) {
                throw refuse("rule at line " + r.line() + " creates " + Tag.toString(t) + ", which is not a text attribute");
            }
            DataElement placeholder = DataElement.of(Tag.of(t), vr, new byte[0]);
            ds.set(placeholder);
            setText(ds, placeholder, vr, evaluate(r, null), new Node(null, new PathStep(t, null, -1)), "ADD");
        }
    }

    // -------------------------------------------------------------------------- identity, records, pixels

    private void applyIdentity(DataSet ds, SubjectContext ctx) throws DeidentificationException {
        put(ds, PATIENT_NAME, VR.PN, ctx.patientName());
        put(ds, PATIENT_ID, VR.LO, ctx.patientId());
        boolean trial = ctx.sponsor() != null || ctx.protocolId() != null || ctx.subjectId() != null
                || ctx.siteId() != null;
        if (trial) {
            put(ds, 0x00120010, VR.LO, nz(ctx.sponsor()));
            put(ds, 0x00120020, VR.LO, nz(ctx.protocolId()));
            put(ds, 0x00120021, VR.LO, nz(ctx.protocolName()));
            put(ds, 0x00120030, VR.LO, nz(ctx.siteId()));
            put(ds, 0x00120031, VR.LO, nz(ctx.siteName()));
            if (ctx.subjectId() != null) {
                put(ds, 0x00120040, VR.LO, ctx.subjectId());
            }
        }
        if (ctx.timePointId() != null) {
            put(ds, 0x00120050, VR.LO, ctx.timePointId());
            if (ctx.timePointDescription() != null) {
                put(ds, 0x00120051, VR.ST, ctx.timePointDescription());
            }
        }
    }

    private void put(DataSet ds, int tag, VR vr, String value) throws DeidentificationException {
        DataElement old = ds.get(tag);
        byte[] b = encode(ds, value, vr, tag);
        if (keepManifest) {
            manifest.add(new ManifestEntry(instance, Tag.toString(tag), old == null ? "ADD" : "SET",
                    old == null ? null : hash(old), value));
        }
        ds.set(DataElement.of(Tag.of(tag), vr, b));
    }

    private void recordKeeping(DataSet ds) throws DeidentificationException {
        put(ds, 0x00120062, VR.CS, "YES");
        String method = profile.methodDescription();
        String old = text(ds, METHOD);
        put(ds, METHOD, VR.LO, old == null || old.isBlank() ? method : old + "\\" + method);
        List<DataSet> items = new ArrayList<>();
        items.add(code(ds, Option.BASIC_PROFILE_CODE, Option.BASIC_PROFILE_MEANING));
        for (Option o : profile.options()) {
            items.add(code(ds, o.code(), o.meaning()));
        }
        if (masked) {
            items.add(code(ds, Option.CLEAN_PIXEL_DATA_CODE, Option.CLEAN_PIXEL_DATA_MEANING));
        }
        ds.setSequence(Tag.of(METHOD_CODES), new Sequence(items));
        if (keepManifest) {
            manifest.add(new ManifestEntry(instance, Tag.toString(METHOD_CODES), "SET", null, items.size() + " codes"));
        }
        String ltim = profile.has(Option.RETAIN_LONGITUDINAL_FULL_DATES) ? "UNMODIFIED"
                : profile.has(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? "MODIFIED" : "REMOVED";
        put(ds, 0x00280303, VR.CS, ltim);
    }

    private static DataSet code(DataSet parent, String value, String meaning) {
        DataSet item = new DataSet();
        item.setString(Tag.of(0x00080100), VR.SH, value);
        item.setString(Tag.of(0x00080102), VR.SH, "DCM");
        item.setString(Tag.of(0x00080104), VR.LO, meaning);
        return item;
    }

    private void mask(DataSet ds, List<MaskRegion> regions) throws DeidentificationException, IOException {
        DataElement px = ds.get(PIXEL_DATA);
        int bits = ds.getInt(Tag.of(0x00280100), 0);
        PixelMasker.Geometry g = new PixelMasker.Geometry(ds.getInt(Tag.of(0x00280010), 0),
                ds.getInt(Tag.of(0x00280011), 0), ds.getInt(Tag.of(0x00280002), 1), bits,
                ds.getInt(Tag.of(0x00280006), 0), Math.max(1, ds.getInt(Tag.of(0x00280008), 1)));
        if (g.rows() <= 0 || g.columns() <= 0 || bits % 8 != 0 || bits == 0) {
            throw refuse("burned-in text cannot be masked: pixel geometry (rows, columns, bits allocated "
                    + bits + ") not supported");
        }
        Path tmp = Files.createTempFile("deident-mask-", ".raw");
        temporaryFiles.add(tmp);
        long len = px.length();
        try (InputStream in = px.isBulkData() ? px.bulkData().openStream()
                : new java.io.ByteArrayInputStream(px.bytes())) {
            PixelMasker.mask(in, len, g, regions, tmp);
        } catch (IOException x) {
            throw refuse("burned-in text cannot be masked: " + x.getMessage());
        }
        ds.set(DataElement.of(px.tag(), px.vr(), BulkData.ofFile(tmp, 0, Files.size(tmp)), px.bigEndian()));
        record(new Node(null, new PathStep(PIXEL_DATA, null, -1)), "C", null, regions.size() + " regions blanked");
        put(ds, BURNED_IN, VR.CS, "NO");
        masked = true;
    }

    // ----------------------------------------------------------------------------------------- helpers

    private void remove(DataSet ds, DataElement e, Node path, String action) {
        ds.remove(e.tag());
        record(path, action, e, null);
    }

    private void setText(DataSet ds, DataElement e, VR vr, String value, Node path, String action)
            throws DeidentificationException {
        byte[] b = encode(ds, value, vr, e.tag().value());
        record(path, action, e, value);
        ds.set(DataElement.of(e.tag(), vr, b));
    }

    private byte[] encode(DataSet ds, String value, VR vr, int tag) throws DeidentificationException {
        SpecificCharacterSet cs = ds.specificCharacterSet();
        try {
            byte[] b = vr == VR.UI ? value.getBytes(StandardCharsets.US_ASCII) : cs.encode(value, vr);
            return pad(b, vr.paddingByte());
        } catch (RuntimeException x) {
            throw refuse("the new value of " + Tag.toString(tag)
                    + " cannot be written in the file's Specific Character Set (0008,0005)");
        }
    }

    private void record(Node path, String action, DataElement old, String newValue) {
        if (!keepManifest) {
            return;
        }
        manifest.add(new ManifestEntry(instance, TagPath.format(toList(path)), action, old == null ? null : hash(old),
                newValue));
    }

    private String hash(DataElement e) {
        if (e.isSequence()) {
            return null;
        }
        if (!e.isBytes()) {
            return null; // bulk values are not read just to hash them
        }
        // the same value as keyed.keyedHash("manifest", bytes), without copying the bytes or a new MAC
        mac.update(MANIFEST_PURPOSE);
        mac.update(e.byteBuffer().duplicate());
        return HexFormat.of().formatHex(mac.doFinal(), 0, 16);
    }

    private static byte[] pad(byte[] b, byte padding) {
        if ((b.length & 1) == 0) {
            return b;
        }
        byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
        p[b.length] = padding;
        return p;
    }

    private VR vrOf(DataElement e) {
        if (e.vr() == VR.UN && !e.tag().isPrivate()) {
            VR d = dict().vrOf(e.tag().value());
            if (d != null && d != VR.UN) {
                return d;
            }
        }
        return e.vr();
    }

    private String decode(DataSet ds, DataElement e, VR vr) throws IOException {
        byte[] b;
        if (e.isBytes()) {
            b = e.bytes();
        } else if (e.isBulkData()) {
            b = e.bulkData().readAllBytes();
        } else {
            return "";
        }
        String s = vr.isText() ? ds.specificCharacterSet().decode(b, vr)
                : new String(b, StandardCharsets.ISO_8859_1);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String text(DataSet ds, int tag) {
        String s = ds.getString(Tag.of(tag));
        return s == null ? null : s.trim();
    }

    private String originalText(int tag) {
        return text(originalTop, tag);
    }

    private static boolean isPrivateCreator(int t) {
        int g = t >>> 16;
        int el = t & 0xFFFF;
        return (g & 1) == 1 && el >= 0x10 && el <= 0xFF;
    }

    /**
     * Removed whatever the profile, options or rules say: curves (50xx) and overlays (60xx) as whole groups, Icon
     * Image Sequence, Digital Signatures Sequence, MAC Parameters Sequence, Data Set Trailing Padding, Original
     * Attributes Sequence, Encrypted Attributes Sequence.
     */
    private static boolean alwaysRemoved(int t) {
        int g = t >>> 16;
        if ((g & 0xFF01) == 0x5000 || (g & 0xFF01) == 0x6000) {
            return g <= 0x601E; // curves (50xx) and overlay planes (60xx) as whole groups
        }
        switch (t) {
            case 0x00880200, 0xFFFAFFFA, 0x4FFE0001, 0xFFFCFFFC, 0x04000561, 0x04000500:
                return true;
            default:
                return false;
        }
    }


    private List<String> identifiers(DataSet ds) {
        List<String> out = new ArrayList<>();
        for (int t : new int[] {PATIENT_NAME, PATIENT_ID, 0x00101000, 0x00101001, 0x00100030, 0x00080050, 0x00080090,
            0x00081050, 0x00081070, 0x00200010, 0x00101060, 0x00101040, 0x00080080, 0x00101005}) {
            String s = text(ds, t);
            if (s != null && !s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    private Map<String, String> templateValues(SubjectContext ctx) {
        Map<String, String> m = new HashMap<>();
        putIf(m, "pid", ctx.patientId());
        putIf(m, "patientId", ctx.patientId());
        putIf(m, "patientName", ctx.patientName());
        putIf(m, "subjectId", ctx.subjectId());
        putIf(m, "site", ctx.siteId());
        putIf(m, "studyCode", ctx.studyCode());
        putIf(m, "sponsor", ctx.sponsor());
        putIf(m, "protocol", ctx.protocolId());
        putIf(m, "timePoint", ctx.timePointId());
        ctx.values().forEach((k, v) -> putIf(m, "ctx." + k, v));
        return m;
    }

    private static void putIf(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private DeidentificationException refuse(String reason) {
        return new DeidentificationException(name + ": " + reason);
    }
}
