package org.rpb.pacs.web.admin;

import java.util.EnumMap;
import java.util.Map;

import org.rpb.pacs.deident.profile.Option;

/** One line per PS3.15 option, in words an administrator can decide on. */
final class OptionText {

    private static final Map<Option, String> TEXT = new EnumMap<>(Option.class);

    static {
        TEXT.put(Option.RETAIN_SAFE_PRIVATE, "Keep private attributes the safe-private list knows to hold no identity.");
        TEXT.put(Option.RETAIN_UIDS, "Keep the original UIDs (copies then link to the clinical originals).");
        TEXT.put(Option.RETAIN_DEVICE_IDENTITY, "Keep device serial numbers, station names and similar.");
        TEXT.put(Option.RETAIN_INSTITUTION_IDENTITY, "Keep the names and addresses of hospitals and departments.");
        TEXT.put(Option.RETAIN_PATIENT_CHARACTERISTICS, "Keep sex, age, size, weight and similar.");
        TEXT.put(Option.RETAIN_LONGITUDINAL_FULL_DATES, "Keep all dates and times as they are.");
        TEXT.put(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES,
                "Shift dates by a per-patient offset, so intervals stay true.");
        TEXT.put(Option.CLEAN_DESCRIPTORS, "Keep descriptions but clean names, IDs and dates out of them.");
        TEXT.put(Option.CLEAN_STRUCTURED_CONTENT, "Keep structured reports, cleaning their identifying content.");
        TEXT.put(Option.CLEAN_GRAPHICS, "Keep graphic annotations, cleaning their identifying text.");
    }

    private OptionText() {
    }

    static String of(Option o) {
        return TEXT.getOrDefault(o, o.meaning());
    }
}
