package org.rpb.pacs.deident.rt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.rpb.pacs.deident.json.Json;
import org.rpb.pacs.deident.rules.RuleFileException;

/**
 * A project vocabulary that maps ROI names (as planning systems write them) to standard names (for example
 * AAPM TG-263), so that ROI Name (3006,0026) and ROI Observation Label (3006,0085) carry the standard name
 * instead of being emptied. Names are compared ignoring case, spaces, '-' and '_'. A name that the vocabulary
 * does not know is handled by the profile (emptied, or cleaned under Clean Descriptors). Immutable.
 *
 * <p>File format (JSON): {@code {"roiNames": {"Lung left": "Lung_L", "GTV 1": "GTVp"}}}.
 */
public final class RoiVocabulary {

    /** The empty vocabulary. */
    public static final RoiVocabulary NONE = new RoiVocabulary(Map.of());

    private final Map<String, String> map;

    private RoiVocabulary(Map<String, String> map) {
        this.map = Map.copyOf(map);
    }

    /**
     * @param names original name to standard name
     * @return the vocabulary
     */
    public static RoiVocabulary of(Map<String, String> names) {
        Map<String, String> m = new HashMap<>();
        names.forEach((k, v) -> m.put(norm(k), v));
        return new RoiVocabulary(m);
    }

    /**
     * Reads a vocabulary file.
     *
     * @param file the JSON file
     * @return the vocabulary
     * @throws IOException when the file cannot be read
     * @throws RuleFileException with line and reason when the content is not valid
     */
    public static RoiVocabulary parse(Path file) throws IOException, RuleFileException {
        String src = file.toString();
        Json.Node root;
        try {
            root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (Json.SyntaxException e) {
            throw new RuleFileException(src, e.line(), "not valid JSON: " + e.getMessage());
        }
        if (!root.isObject() || !root.asObject().containsKey("roiNames")) {
            throw new RuleFileException(src, root.line(), "an object with a \"roiNames\" object expected");
        }
        Json.Node names = root.asObject().get("roiNames");
        if (!names.isObject()) {
            throw new RuleFileException(src, names.line(), "\"roiNames\" must be an object");
        }
        Map<String, String> m = new HashMap<>();
        for (Map.Entry<String, Json.Node> e : names.asObject().entrySet()) {
            if (!e.getValue().isString() || e.getValue().asString().isBlank()
                    || e.getValue().asString().length() > 64) {
                throw new RuleFileException(src, e.getValue().line(),
                        "the standard name of \"" + e.getKey() + "\" must be a non-empty string of at most 64 characters");
            }
            m.put(norm(e.getKey()), e.getValue().asString());
        }
        return new RoiVocabulary(m);
    }

    /**
     * @param name an ROI name as found
     * @return the standard name, or null when the vocabulary does not know it
     */
    public String standardName(String name) {
        return name == null ? null : map.get(norm(name));
    }

    /** @return the number of names */
    public int size() {
        return map.size();
    }

    private static String norm(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
    }
}
