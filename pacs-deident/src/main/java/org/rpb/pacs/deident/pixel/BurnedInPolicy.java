package org.rpb.pacs.deident.pixel;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What to do with instances that declare burned-in annotation (Burned In Annotation (0028,0301) YES) or whose
 * modality is known to carry burned-in text (US, SC, XC, ES, OT, DOC, and RT Image without a declared NO):
 * refuse them, or blank configured rectangles of uncompressed pixel data (then Burned In Annotation becomes NO
 * and the Clean Pixel Data code 113101 is recorded). Such an instance is never passed through as clean:
 * without a mask for its modality (or compressed pixel data, which cannot be masked without decoding) it is
 * refused. Immutable.
 */
public final class BurnedInPolicy {

    /** Modalities known to carry burned-in text whatever they declare. */
    public static final Set<String> SUSPECT_MODALITIES = Set.of("US", "SC", "XC", "ES", "OT", "DOC", "GM", "SM");

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
     * @param modality the instance's modality
     * @param burnedInAnnotation the value of (0028,0301), or null
     * @return whether the instance must be masked or refused
     */
    public static boolean isSuspect(String modality, String burnedInAnnotation) {
        String b = burnedInAnnotation == null ? "" : burnedInAnnotation.trim().toUpperCase(Locale.ROOT);
        if (b.equals("YES")) {
            return true;
        }
        String m = modality == null ? "" : modality.trim().toUpperCase(Locale.ROOT);
        if (SUSPECT_MODALITIES.contains(m)) {
            return true;
        }
        return m.equals("RTIMAGE") && !b.equals("NO");
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
