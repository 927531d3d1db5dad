package org.rpb.pacs.core.dict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;

/**
 * The DICOM data dictionary: PS3.6 attributes loaded from {@code attributes.json} (DICOM 2024b, see SOURCE.md next
 * to it), looked up by tag or by keyword. Immutable and thread-safe. Private attributes are unknown unless a private
 * dictionary is added with {@link #withPrivate}.
 *
 * <p>Lookup by tag is a binary search over a sorted {@code int[]}, so the read loop can ask for a VR without
 * allocating.</p>
 */
public final class Dictionary {

    private final int[] tags;
    private final DictionaryEntry[] entries;
    private final DictionaryEntry[] masked;
    private final Map<String, DictionaryEntry> byKeyword;
    private final Map<String, Map<Integer, DictionaryEntry>> privateEntries;

    private Dictionary(List<DictionaryEntry> all, Map<String, Map<Integer, DictionaryEntry>> privateEntries) {
        List<DictionaryEntry> exact = new ArrayList<>();
        List<DictionaryEntry> repeating = new ArrayList<>();
        Map<String, DictionaryEntry> kw = new HashMap<>();
        for (DictionaryEntry e : all) {
            (e.mask() == -1 ? exact : repeating).add(e);
            if (!e.keyword().isEmpty()) {
                kw.putIfAbsent(e.keyword(), e);
            }
        }
        // signed order, to match Arrays.binarySearch
        exact.sort((a, b) -> Integer.compare(a.tag().value(), b.tag().value()));
        tags = new int[exact.size()];
        entries = exact.toArray(new DictionaryEntry[0]);
        for (int i = 0; i < tags.length; i++) {
            tags[i] = entries[i].tag().value();
        }
        masked = repeating.toArray(new DictionaryEntry[0]);
        byKeyword = Collections.unmodifiableMap(kw);
        this.privateEntries = privateEntries;
    }

    private static final class Holder {
        static final Dictionary STANDARD = load();
    }

    /** The standard dictionary (loaded once, on first use). */
    public static Dictionary standard() {
        return Holder.STANDARD;
    }

    private static Dictionary load() {
        try (InputStream in = Dictionary.class.getResourceAsStream("attributes.json")) {
            if (in == null) {
                throw new IllegalStateException("resource org/rpb/pacs/core/dict/attributes.json missing");
            }
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Dictionary(AttributesJson.parse(json), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The number of entries (standard plus private). */
    public int size() {
        int n = tags.length + masked.length;
        for (Map<Integer, DictionaryEntry> m : privateEntries.values()) {
            n += m.size();
        }
        return n;
    }

    /** The entry for this packed tag, or {@code null}; private tags are never found here. */
    public DictionaryEntry entry(int tag) {
        int i = Arrays.binarySearch(tags, tag);
        if (i >= 0) {
            return entries[i];
        }
        if (Tag.isPrivate(tag)) {
            return null;
        }
        for (DictionaryEntry e : masked) {
            if (e.matches(tag)) {
                return e;
            }
        }
        return null;
    }

    public DictionaryEntry entry(Tag tag) {
        return entry(tag.value());
    }

    /** The entry with this keyword, or {@code null}. */
    public DictionaryEntry entry(String keyword) {
        return byKeyword.get(keyword);
    }

    /**
     * The tag of this keyword.
     *
     * @throws IllegalArgumentException if the keyword is not in the dictionary
     */
    public Tag tagOf(String keyword) {
        DictionaryEntry e = byKeyword.get(keyword);
        if (e == null) {
            throw new IllegalArgumentException("unknown keyword: " + keyword);
        }
        return e.tag();
    }

    /**
     * The VR for implicit VR decoding: the dictionary's first VR; UL for group lengths; LO for private creators;
     * {@code null} for unknown tags. Allocation-free.
     */
    public VR vrOf(int tag) {
        if ((tag & 0xFFFF) == 0) {
            return VR.UL;
        }
        if (Tag.isPrivate(tag)) {
            int e = tag & 0xFFFF;
            return e >= 0x10 && e <= 0xFF ? VR.LO : null;
        }
        DictionaryEntry d = entry(tag);
        return d == null ? null : d.vr();
    }

    /** The entry of a private attribute: {@code element} is the low byte (the part after the creator block). */
    public DictionaryEntry privateEntry(String creator, int group, int element) {
        Map<Integer, DictionaryEntry> m = privateEntries.get(creator);
        return m == null ? null : m.get((group << 16) | (element & 0xFF));
    }

    /**
     * A dictionary that also knows the private attributes of several creators at once.
     *
     * @param byCreator private attributes by creator, each tag (group, 00xx) with xx the element's low byte
     * @return a new dictionary; this one is unchanged
     */
    public Dictionary withPrivate(Map<String, ? extends Collection<DictionaryEntry>> byCreator) {
        Map<String, Map<Integer, DictionaryEntry>> p = new HashMap<>(privateEntries);
        for (Map.Entry<String, ? extends Collection<DictionaryEntry>> c : byCreator.entrySet()) {
            Map<Integer, DictionaryEntry> m = new HashMap<>(p.getOrDefault(c.getKey(), Map.of()));
            for (DictionaryEntry e : c.getValue()) {
                m.put((e.tag().group() << 16) | (e.tag().element() & 0xFF), e);
            }
            p.put(c.getKey(), Collections.unmodifiableMap(m));
        }
        List<DictionaryEntry> all = new ArrayList<>(Arrays.asList(entries));
        all.addAll(Arrays.asList(masked));
        return new Dictionary(all, Collections.unmodifiableMap(p));
    }

    /**
     * A dictionary that also knows the private attributes of {@code creator}. Each entry's tag is (group, 00xx)
     * with xx the element's low byte, as private dictionaries are written.
     */
    public Dictionary withPrivate(String creator, Collection<DictionaryEntry> privateAttributes) {
        Map<String, Map<Integer, DictionaryEntry>> p = new HashMap<>(privateEntries);
        Map<Integer, DictionaryEntry> m = new HashMap<>();
        for (DictionaryEntry e : privateAttributes) {
            m.put((e.tag().group() << 16) | (e.tag().element() & 0xFF), e);
        }
        p.put(creator, Collections.unmodifiableMap(m));
        List<DictionaryEntry> all = new ArrayList<>(Arrays.asList(entries));
        all.addAll(Arrays.asList(masked));
        return new Dictionary(all, Collections.unmodifiableMap(p));
    }
}
