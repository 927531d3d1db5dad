package org.rpb.pacs.deident.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "C" action on text (Clean Descriptors): keeps the words of a description that carry no identity and
 * removes those that may. Removed are: the words of the patient's own identifiers (name components, IDs,
 * birth date, accession number... given per instance), anything that looks like a date or a time, numbers of
 * four digits or more and letter-digit mixtures that look like identifiers, words after a personal title
 * (Dr, Mr, Mrs, Ms, Prof) and person names written with {@code ^}. Everything else is kept in its order, so
 * "CT CHEST ABDOMEN" stays as it is. Immutable and thread-safe.
 */
public final class TextCleaner {

    private static final Pattern TOKEN = Pattern.compile("[^\\s,;/()\\[\\]]+");
    private static final Pattern DATE = Pattern.compile(
            "\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}|(19|20)\\d{6}|\\d{1,2}:\\d{2}(:\\d{2})?(\\.\\d+)?");
    private static final Pattern ID_LIKE = Pattern.compile(
            ".*\\d{5,}.*|\\d{4}|(?=(.*\\d){3})(?=.*[A-Za-z])[A-Za-z0-9_.-]{6,}");
    private static final Set<String> TITLES = Set.of("DR", "DR.", "MR", "MR.", "MRS", "MRS.", "MS", "MS.", "PROF",
            "PROF.", "DOCTOR", "NAME", "NAME:", "PATIENT", "PAT.", "HERR", "FRAU");
    /** Dimension-like words that contain digits but identify nothing (e.g. "5mm", "3D", "T1", "B30f"). */
    private static final Pattern SAFE_TECHNICAL = Pattern.compile(
            "(?i)\\d+(\\.\\d+)?(mm|cm|ml|mg|kv|kvp|mas|s|ms|d|t|x|%|mbq|mci)|[a-z]{1,3}\\d{1,4}[a-z]?|\\d{1,3}(\\.\\d+)?");

    /** The cleaner with no patient-specific words. */
    public static final TextCleaner GENERIC = new TextCleaner(List.of());

    private final Set<String> phiWords;

    private TextCleaner(Collection<String> phiWords) {
        this.phiWords = Set.copyOf(phiWords);
    }

    /**
     * A cleaner that also removes the words of these identifiers (split at spaces, {@code ^}, commas...).
     *
     * @param identifiers the patient's identifying values
     * @return the cleaner
     */
    public static TextCleaner forIdentifiers(Collection<String> identifiers) {
        Set<String> words = new HashSet<>();
        for (String id : identifiers) {
            if (id == null) {
                continue;
            }
            for (String w : id.split("[\\s^,=\\\\]+")) {
                w = w.trim().toUpperCase(Locale.ROOT);
                if (w.length() >= 2) {
                    words.add(w);
                }
            }
        }
        return new TextCleaner(words);
    }

    /**
     * Cleans one text value.
     *
     * @param text the value (null gives "")
     * @return the safe words of the value, separated as in the input where possible
     */
    public String clean(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        if (text.indexOf('^') >= 0) {
            return ""; // a person name in PN form
        }
        List<int[]> drop = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        boolean afterTitle = false;
        while (m.find()) {
            String tok = m.group();
            String up = tok.toUpperCase(Locale.ROOT);
            boolean d = afterTitle;
            afterTitle = false;
            if (TITLES.contains(up)) {
                d = true;
                afterTitle = true;
            } else if (phiWords.contains(up) || phiWords.contains(stripPunct(up))) {
                d = true;
            } else if (DATE.matcher(tok).find()) {
                d = true;
            } else if (ID_LIKE.matcher(tok).matches() && !SAFE_TECHNICAL.matcher(tok).matches()) {
                d = true;
            }
            if (d) {
                drop.add(new int[] {m.start(), m.end()});
            }
        }
        // the kept text is the original with the dropped words cut out (punctuation and order stay)
        StringBuilder sb = new StringBuilder();
        int pos = 0;
        for (int[] x : drop) {
            sb.append(text, pos, x[0]);
            pos = x[1];
        }
        sb.append(text.substring(pos));
        return sb.toString().replaceAll("\\(\\s*\\)|\\[\\s*\\]", " ").replaceAll("[ \\t]{2,}", " ").trim();
    }

    private static String stripPunct(String s) {
        return s.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
    }
}
