package org.rpb.pacs.core.dict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rpb.pacs.core.data.VR;

/**
 * The private dictionary the project ships: named private attributes of known creators from The
 * Cancer Imaging Archive's private tag knowledge base ({@code private-tags.tsv}, see SOURCE.md).
 * Used to name (and, in implicit VR files, to type) private elements for people, as in the
 * {@code dump} command; the codec itself reads private elements without it.
 */
public final class PrivateTags {
    private PrivateTags() {
    }

    private static final class Holder {
        static final Dictionary WITH_PRIVATE = Dictionary.standard().withPrivate(load());
    }

    /** @return the standard dictionary with the shipped private attributes (loaded once, on first use) */
    public static Dictionary dictionary() {
        return Holder.WITH_PRIVATE;
    }

    private static Map<String, List<DictionaryEntry>> load() {
        Map<String, List<DictionaryEntry>> byCreator = new LinkedHashMap<>();
        try (InputStream in = PrivateTags.class.getResourceAsStream("private-tags.tsv")) {
            if (in == null) {
                throw new IllegalStateException("resource org/rpb/pacs/core/dict/private-tags.tsv missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 5) {
                    throw new IllegalStateException("private-tags.tsv: bad line: " + line);
                }
                int group = Integer.parseInt(f[1], 16);
                int element = Integer.parseInt(f[2], 16);
                VR vr = VR.of(f[3]);
                byCreator.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new DictionaryEntry(group << 16 | element,
                        0xFFFFFFFF, "", f[4], List.of(vr), "1", false));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byCreator;
    }
}
