package org.rpb.pacs.deident.privatetags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The safe-private list: TCIA's private tag knowledge base (2024-02-01), keyed by (group, private creator,
 * element byte within the block, VR), so an entry applies wherever the block was placed in the group
 * ({@code (0019,10xx)} or {@code (0019,11xx)}).
 *
 * <p>Dispositions: {@code k} keep, {@code h} hash as a UID, {@code o} offset as a date. {@code d}, {@code na}
 * and {@code oi} (an integer offset whose unit the list does not give) are treated as remove, like anything
 * not listed. When the list gives one (creator, element, VR) different dispositions in different places (its
 * {@code [<0>]} sequence paths), the strictest applies.
 *
 * <p>An element read without its VR (implicit VR files, or UN in explicit VR) is looked up by (group, creator,
 * element byte) alone: the strictest disposition over the VRs the list gives it, and the list's VR when that is
 * one VR (or one date/time VR), so that a date is shifted as what it is. Immutable and thread-safe.
 */
public final class PrivateTagKnowledgeBase {

    private static final String RESOURCE = "/org/rpb/pacs/deident/profile/TCIAPrivateTagKB-02-01-2024.csv";

    /**
     * What the list says of one element.
     *
     * @param disposition what to do with it
     * @param vr the VR the list gives it (the element's own VR when it was read with one), or null when the
     *        list gives several that disagree
     */
    public record Listed(PrivateDisposition disposition, String vr) {
    }

    private final Map<String, PrivateDisposition> entries;
    /** (group, creator, element byte) to the VRs listed for it, for elements read without a VR. */
    private final Map<String, Map<String, PrivateDisposition>> byElement;

    private PrivateTagKnowledgeBase(Map<String, PrivateDisposition> entries) {
        this.entries = Collections.unmodifiableMap(entries);
        Map<String, Map<String, PrivateDisposition>> b = new HashMap<>();
        entries.forEach((k, d) -> {
            int bar = k.lastIndexOf('|');
            b.computeIfAbsent(k.substring(0, bar), x -> new java.util.TreeMap<>()).put(k.substring(bar + 1), d);
        });
        b.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        this.byElement = Collections.unmodifiableMap(b);
    }

    /** @return a list with no entry: every private element is removed */
    public static PrivateTagKnowledgeBase empty() {
        return new PrivateTagKnowledgeBase(Map.of());
    }

    /** @return the bundled TCIA list, read once per class loader (immutable) */
    public static PrivateTagKnowledgeBase bundled() {
        return Bundled.LIST;
    }

    /** Holds the bundled list, read when first asked for. */
    private static final class Bundled {
        static final PrivateTagKnowledgeBase LIST = read();
    }

    private static PrivateTagKnowledgeBase read() {
        try (InputStream in = PrivateTagKnowledgeBase.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the pacs-deident jar");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("the private tag list cannot be read", e);
        }
    }

    /**
     * Reads a list in the TCIA CSV form ({@code element_sig_pattern,tag_name,vr,private_disposition}).
     *
     * @param reader the CSV text
     * @return the list
     * @throws IOException when reading fails
     */
    public static PrivateTagKnowledgeBase parse(Reader reader) throws IOException {
        Map<String, PrivateDisposition> m = new HashMap<>();
        BufferedReader r = new BufferedReader(reader);
        String line;
        boolean header = true;
        while ((line = r.readLine()) != null) {
            if (header) {
                header = false;
                continue;
            }
            List<String> f = csv(line);
            if (f.size() < 4) {
                continue;
            }
            String pattern = f.get(0);
            int lastStep = pattern.lastIndexOf("](");
            String step = lastStep >= 0 ? pattern.substring(lastStep + 1) : pattern;
            // step: (gggg,CREATOR",ee) ; the CSV export lost the opening quote of the creator
            if (!step.startsWith("(") || !step.endsWith(")") || step.length() < 10) {
                continue;
            }
            int close = step.lastIndexOf("\",");
            if (close < 0) {
                continue; // a standard tag inside a private sequence, or no creator
            }
            int group;
            int element;
            try {
                group = Integer.parseInt(step.substring(1, 5), 16);
                element = Integer.parseInt(step.substring(close + 2, step.length() - 1).trim(), 16);
            } catch (NumberFormatException e) {
                continue;
            }
            String creator = step.substring(6, close);
            while (creator.startsWith("\"")) {
                creator = creator.substring(1);
            }
            creator = creator.trim();
            if (creator.isEmpty() || (group & 1) == 0) {
                continue;
            }
            String vr = f.get(2).trim().toUpperCase(Locale.ROOT);
            PrivateDisposition d = switch (f.get(3).trim().toLowerCase(Locale.ROOT)) {
                case "k" -> PrivateDisposition.KEEP;
                case "h" -> PrivateDisposition.HASH_UID;
                case "o" -> PrivateDisposition.OFFSET_DATE;
                default -> PrivateDisposition.REMOVE;
            };
            m.merge(key(group, creator, element & 0xFF, vr), d, PrivateTagKnowledgeBase::stricter);
        }
        return new PrivateTagKnowledgeBase(m);
    }

    private static PrivateDisposition stricter(PrivateDisposition a, PrivateDisposition b) {
        if (a == PrivateDisposition.REMOVE || b == PrivateDisposition.REMOVE) {
            return PrivateDisposition.REMOVE;
        }
        if (a == b) {
            return a;
        }
        if (a == PrivateDisposition.KEEP) {
            return b;
        }
        if (b == PrivateDisposition.KEEP) {
            return a;
        }
        return PrivateDisposition.REMOVE; // h and o for one element: unclear what it holds
    }

    private static String key(int group, String creator, int elementByte, String vr) {
        return elementKey(group, creator, elementByte) + "|" + vr;
    }

    /** @return {@code GGGG|creator|EE}, upper-case hex (as {@code String.format("%04X|%s|%02X")}, without it) */
    private static String elementKey(int group, String creator, int elementByte) {
        StringBuilder sb = new StringBuilder(creator.length() + 8);
        hex(sb, group, 4).append('|').append(creator).append('|');
        return hex(sb, elementByte, 2).toString();
    }

    private static StringBuilder hex(StringBuilder sb, int value, int digits) {
        String h = Integer.toHexString(value).toUpperCase(Locale.ROOT);
        for (int i = h.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(h);
    }

    /**
     * What the list says of one private element, for elements read with or without their VR.
     *
     * @param group the group (odd)
     * @param creator the private creator of its block (trailing spaces ignored), or null
     * @param elementByte the low byte of the element number
     * @param vr the element's VR as read; {@code UN} (implicit VR files give UN) looks the element up by
     *        (group, creator, element byte) alone
     * @return the disposition ({@link PrivateDisposition#REMOVE} when not listed) and the VR to read it with
     */
    public Listed lookup(int group, String creator, int elementByte, String vr) {
        if (creator == null) {
            return new Listed(PrivateDisposition.REMOVE, vr);
        }
        if (!"UN".equals(vr)) {
            return new Listed(disposition(group, creator, elementByte, vr), vr);
        }
        Map<String, PrivateDisposition> vrs = byElement.get(elementKey(group, creator.trim(), elementByte & 0xFF));
        if (vrs == null) {
            return new Listed(PrivateDisposition.REMOVE, vr);
        }
        PrivateDisposition d = null;
        for (PrivateDisposition x : vrs.values()) {
            d = d == null ? x : stricter(d, x);
        }
        // the VR to read it with: the only one listed (UN and OB rows say nothing about the value), or the only
        // date/time VR, so that a date is shifted as a date
        List<String> real = vrs.keySet().stream().filter(v -> !v.equals("UN") && !v.equals("OB")).toList();
        List<String> temporal = real.stream().filter(v -> v.equals("DA") || v.equals("DT") || v.equals("TM")).toList();
        String listed = real.size() == 1 ? real.get(0) : temporal.size() == 1 ? temporal.get(0)
                : real.isEmpty() ? "UN" : null;
        return new Listed(d, listed);
    }

    /**
     * The disposition of one private element.
     *
     * @param group the group (odd)
     * @param creator the private creator of its block (trailing spaces ignored)
     * @param elementByte the low byte of the element number
     * @param vr the element's VR as read (implicit VR files give UN)
     * @return the disposition ({@link PrivateDisposition#REMOVE} when not listed)
     */
    public PrivateDisposition disposition(int group, String creator, int elementByte, String vr) {
        if (creator == null) {
            return PrivateDisposition.REMOVE;
        }
        PrivateDisposition d = entries.get(key(group, creator.trim(), elementByte & 0xFF, vr));
        return d == null ? PrivateDisposition.REMOVE : d;
    }

    /** @return the number of (group, creator, element, VR) entries */
    public int size() {
        return entries.size();
    }

    private static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean q = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (q) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        q = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                q = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (c != '\uFEFF') {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
