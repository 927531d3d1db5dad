package org.rpb.pacs.deident.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rpb.pacs.deident.json.Json;

/**
 * PS3.15 Table E.1-1 loaded from its JSON form (one object per row with {@code tag}, {@code name},
 * {@code stdCompIOD}, {@code basicProfile} and one key per option column). Immutable.
 *
 * <p>Besides the exact tags, the table has the repeating-group rows {@code (50XX,XXXX)} (curves),
 * {@code (60XX,3000)} and {@code (60XX,4000)} (overlay data and comments) and the row for private
 * attributes; {@link #row(int)} resolves all of them.
 */
public final class ProfileTable {

    /** The edition of Table E.1-1 bundled with the library. */
    public static final String EDITION = "2024b";

    private static final String RESOURCE = "confidentiality_profile_attributes.json";

    private final String edition;
    /** The exact tags, ascending, and their rows: a binary search is cheaper than a boxed map lookup. */
    private final int[] exactTags;
    private final ProfileRow[] exactRows;
    private final ProfileRow curves;
    private final ProfileRow overlayData;
    private final ProfileRow overlayComments;
    private final ProfileRow privateRow;
    private final int size;

    private ProfileTable(String edition, Map<Integer, ProfileRow> exact, ProfileRow curves, ProfileRow overlayData,
            ProfileRow overlayComments, ProfileRow privateRow, int size) {
        this.edition = edition;
        this.exactTags = exact.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.exactRows = new ProfileRow[exactTags.length];
        for (int i = 0; i < exactTags.length; i++) {
            exactRows[i] = exact.get(exactTags[i]);
        }
        this.curves = curves;
        this.overlayData = overlayData;
        this.overlayComments = overlayComments;
        this.privateRow = privateRow;
        this.size = size;
    }

    /**
     * The bundled table, edition {@value #EDITION}: read once per class loader (the table is immutable, and a
     * server builds a de-identifier for every staging job).
     *
     * @return the table
     */
    public static ProfileTable bundled() {
        return Bundled.TABLE;
    }

    /** Holds the bundled table, parsed when first asked for. */
    private static final class Bundled {
        static final ProfileTable TABLE = read();
    }

    private static ProfileTable read() {
        try (InputStream in = ProfileTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the pacs-deident jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), EDITION, RESOURCE);
        } catch (IOException | ProfileException e) {
            throw new IllegalStateException("bundled Table E.1-1 cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a table from a file in the same JSON form as the bundled one (for example a later edition).
     *
     * @param file the JSON file
     * @param edition the edition name written into De-identification Method
     * @return the table
     * @throws IOException when the file cannot be read
     * @throws ProfileException when the content is not a valid table (names the line and reason)
     */
    public static ProfileTable load(Path file, String edition) throws IOException, ProfileException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), edition, file.toString());
    }

    static ProfileTable parse(String text, String edition, String source) throws ProfileException {
        Json.Node root;
        try {
            root = Json.parse(text);
        } catch (Json.SyntaxException e) {
            throw new ProfileException(source + ": " + e.getMessage());
        }
        if (!root.isArray()) {
            throw new ProfileException(source + ": line " + root.line() + ": an array of rows expected");
        }
        Map<Integer, ProfileRow> exact = new HashMap<>();
        ProfileRow curves = null;
        ProfileRow overlayData = null;
        ProfileRow overlayComments = null;
        ProfileRow privateRow = null;
        List<Json.Node> rows = root.asArray();
        for (Json.Node n : rows) {
            if (!n.isObject()) {
                throw new ProfileException(source + ": line " + n.line() + ": a row must be an object");
            }
            Map<String, Json.Node> o = n.asObject();
            String tag = str(o, "tag", source, n);
            String name = o.containsKey("name") && o.get("name").isString() ? o.get("name").asString() : tag;
            String basic = str(o, "basicProfile", source, n);
            boolean std = o.containsKey("stdCompIOD") && o.get("stdCompIOD").isString()
                    && o.get("stdCompIOD").asString().equalsIgnoreCase("Y");
            ActionCode code;
            Map<Option, Action> opts = new EnumMap<>(Option.class);
            try {
                code = ActionCode.parse(basic);
                for (Option op : Option.values()) {
                    Json.Node v = o.get(op.column());
                    if (v != null && v.isString() && !v.asString().isBlank()) {
                        opts.put(op, Action.ofLetter(v.asString()));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new ProfileException(source + ": line " + n.line() + ": " + e.getMessage());
            }
            ProfileRow row = new ProfileRow(tag, name, std, code, opts);
            String t = tag.toUpperCase();
            if (t.startsWith("(GGGG,EEEE)")) {
                privateRow = row;
            } else if (t.equals("(50XX,XXXX)")) {
                curves = row;
            } else if (t.equals("(60XX,3000)")) {
                overlayData = row;
            } else if (t.equals("(60XX,4000)")) {
                overlayComments = row;
            } else {
                exact.put(parseTag(t, source, n), row);
            }
        }
        return new ProfileTable(edition, exact, curves, overlayData, overlayComments, privateRow, rows.size());
    }

    private static String str(Map<String, Json.Node> o, String key, String source, Json.Node n)
            throws ProfileException {
        Json.Node v = o.get(key);
        if (v == null || !v.isString()) {
            throw new ProfileException(source + ": line " + n.line() + ": member \"" + key + "\" (string) missing");
        }
        return v.asString();
    }

    private static int parseTag(String t, String source, Json.Node n) throws ProfileException {
        if (t.length() != 11 || t.charAt(0) != '(' || t.charAt(5) != ',' || t.charAt(10) != ')') {
            throw new ProfileException(source + ": line " + n.line() + ": tag '" + t + "' is not (gggg,eeee)");
        }
        try {
            return (Integer.parseInt(t.substring(1, 5), 16) << 16) | Integer.parseInt(t.substring(6, 10), 16);
        } catch (NumberFormatException e) {
            throw new ProfileException(source + ": line " + n.line() + ": tag '" + t + "' is not hexadecimal");
        }
    }

    /** @return the edition name, e.g. {@value #EDITION} */
    public String edition() {
        return edition;
    }

    /** @return the number of rows read */
    public int size() {
        return size;
    }

    /** @return the tags the table names one by one (not the repeating groups or the private row), ascending */
    public int[] tags() {
        return exactTags.clone();
    }

    /**
     * The row that applies to a tag, including the repeating-group and private rows.
     *
     * @param tag group in the high 16 bits, element in the low 16 bits
     * @return the row, or null when the table does not name the tag
     */
    public ProfileRow row(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : rowAt(i);
    }

    /**
     * @param tag an attribute
     * @return the index (0 to {@link #rowCount()} - 1) of the row that names it, or -1: lets a profile keep
     *         per-row data in an array
     */
    int indexOf(int tag) {
        int group = tag >>> 16;
        int element = tag & 0xFFFF;
        int n = exactRows.length;
        if ((group & 1) == 1) {
            return privateRow == null ? -1 : n + 3;
        }
        int i = java.util.Arrays.binarySearch(exactTags, tag);
        if (i >= 0) {
            return i;
        }
        if ((group & 0xFF00) == 0x5000 && group <= 0x501E) {
            return curves == null ? -1 : n;
        }
        if ((group & 0xFF00) == 0x6000 && group <= 0x601E) {
            if (element == 0x3000) {
                return overlayData == null ? -1 : n + 1;
            }
            if (element == 0x4000) {
                return overlayComments == null ? -1 : n + 2;
            }
        }
        return -1;
    }

    /** @return true if the row at an index of {@link #indexOf} names one attribute (not a group or range) */
    boolean namesOneAttribute(int index) {
        return index >= 0 && index < exactRows.length;
    }

    /** @return the row at an index of {@link #indexOf}, or null */
    ProfileRow rowAt(int index) {
        int n = exactRows.length;
        if (index < n) {
            return exactRows[index];
        }
        return switch (index - n) {
            case 0 -> curves;
            case 1 -> overlayData;
            case 2 -> overlayComments;
            default -> privateRow;
        };
    }

    /** @return the number of row indices */
    int rowCount() {
        return exactRows.length + 4;
    }
}
