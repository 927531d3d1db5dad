package org.rpb.pacs.deident.pixel;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What to do with instances that declare burned-in annotation (Burned In Annotation (0028,0301) YES) or whose
 * modality or SOP class is known to carry burned-in text (modality US, SC, XC, ES, OT, DOC, GM, SM; the
 * Secondary Capture, Ultrasound and Visible Light SOP classes whatever the modality says; RT Image, by modality
 * or SOP class, unless it declares NO):
 * refuse them, or blank configured rectangles of uncompressed pixel data (then Burned In Annotation becomes NO
 * and the Clean Pixel Data code 113101 is recorded). Such an instance is never passed through as clean:
 * without a mask for its modality (or compressed pixel data, which cannot be masked without decoding) it is
 * refused. Immutable.
 */
public final class BurnedInPolicy {

    /** Modalities known to carry burned-in text whatever they declare. */
    public static final Set<String> SUSPECT_MODALITIES = Set.of("US", "SC", "XC", "ES", "OT", "DOC", "GM", "SM");

    /**
     * SOP classes (UID or UID prefix followed by a dot) known to carry burned-in text whatever their modality
     * and Burned In Annotation say: Secondary Capture and its multi-frame forms, Ultrasound (single, multi-frame,
     * enhanced volume, and the retired ones), the Visible Light endoscopic, microscopic, slide and photographic
     * images and their video forms.
     */
    public static final List<String> SUSPECT_SOP_CLASSES = List.of("1.2.840.10008.5.1.4.1.1.7",
            "1.2.840.10008.5.1.4.1.1.6", "1.2.840.10008.5.1.4.1.1.3", "1.2.840.10008.5.1.4.1.1.77.1.1",
            "1.2.840.10008.5.1.4.1.1.77.1.2", "1.2.840.10008.5.1.4.1.1.77.1.3", "1.2.840.10008.5.1.4.1.1.77.1.4");

    /** RT Image SOP classes (RT Image, Enhanced RT Image, Enhanced Continuous RT Image): suspect unless NO. */
    public static final Set<String> RT_IMAGE_SOP_CLASSES = Set.of("1.2.840.10008.5.1.4.1.1.481.1",
            "1.2.840.10008.5.1.4.1.1.481.23", "1.2.840.10008.5.1.4.1.1.481.24");

    private final Map<String, List<MaskRegion>> masks;

    private BurnedInPolicy(Map<String, List<MaskRegion>> masks) {
        this.masks = Map.copyOf(masks);
    }

    /** @return the policy that refuses every instance with (possible) burned-in text */
    public static BurnedInPolicy refuse() {
        return new BurnedInPolicy(Map.of());
    }

    /**
     * A policy that masks uncompressed instances of the given modalities ({@code "*"} for any) and refuses the
     * rest.
     *
     * @param masksByModality modality to rectangles
     * @return the policy
     */
    public static BurnedInPolicy mask(Map<String, List<MaskRegion>> masksByModality) {
        return new BurnedInPolicy(masksByModality);
    }

    /**
     * Whether an instance must be masked or refused, by what it declares and by its modality alone (for callers
     * without the SOP class; {@link #isSuspect(String, String, String)} also looks at the SOP class).
     *
     * @param modality the instance's modality
     * @param burnedInAnnotation the value of (0028,0301), or null
     * @return whether the instance must be masked or refused
     */
    public static boolean isSuspect(String modality, String burnedInAnnotation) {
        return reason(modality, null, burnedInAnnotation) != null;
    }

    /**
     * Whether an instance must be masked or refused.
     *
     * @param modality the instance's modality (0008,0060), or null
     * @param sopClassUid its SOP Class UID (0008,0016), or null
     * @param burnedInAnnotation the value of (0028,0301), or null
     * @return whether the instance must be masked or refused
     */
    public static boolean isSuspect(String modality, String sopClassUid, String burnedInAnnotation) {
        return reason(modality, sopClassUid, burnedInAnnotation) != null;
    }

    /**
     * Why an instance is suspect, for the refusal message.
     *
     * @param modality the instance's modality (0008,0060), or null
     * @param sopClassUid its SOP Class UID (0008,0016), or null
     * @param burnedInAnnotation the value of (0028,0301), or null
     * @return the reason, or null when the instance is not suspect
     */
    public static String reason(String modality, String sopClassUid, String burnedInAnnotation) {
        String b = burnedInAnnotation == null ? "" : burnedInAnnotation.trim().toUpperCase(Locale.ROOT);
        if (b.equals("YES")) {
            return "declares Burned In Annotation YES";
        }
        String m = modality == null ? "" : modality.trim().toUpperCase(Locale.ROOT);
        if (SUSPECT_MODALITIES.contains(m)) {
            return "has modality " + m + ", known to carry burned-in text";
        }
        String c = sopClassUid == null ? "" : sopClassUid.trim();
        for (String p : SUSPECT_SOP_CLASSES) {
            if (c.equals(p) || c.startsWith(p + ".")) {
                return "has SOP class " + c + ", known to carry burned-in text";
            }
        }
        if ((m.equals("RTIMAGE") || RT_IMAGE_SOP_CLASSES.contains(c)) && !b.equals("NO")) {
            return "is an RT Image that does not declare Burned In Annotation NO";
        }
        return null;
    }

    /**
     * @param modality the instance's modality
     * @return the rectangles to blank, or null when instances of that modality must be refused
     */
    public List<MaskRegion> masksFor(String modality) {
        String m = modality == null ? "" : modality.trim().toUpperCase(Locale.ROOT);
        List<MaskRegion> r = masks.get(m);
        return r != null ? r : masks.get("*");
    }
}
