package org.rpb.pacs.vocabulary;

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
import java.util.Optional;

/**
 * The seeded list of standard ROI names (in the style of AAPM TG-263), read from the data file
 * {@code standard-roi-names.tsv} beside this class. Immutable.
 */
public final class StandardRoiNames {

    private static final String RESOURCE = "standard-roi-names.tsv";

    private final Map<String, StandardRoiName> byName;

    private StandardRoiNames(Map<String, StandardRoiName> byName) {
        this.byName = byName;
    }

    /**
     * Reads the bundled list.
     *
     * @return the standard names in file order
     * @throws IllegalStateException when the bundled file is missing or a line is malformed (a build error)
     */
    public static StandardRoiNames bundled() {
        try (InputStream in = StandardRoiNames.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + StandardRoiNames.class.getName());
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, StandardRoiName> m = new LinkedHashMap<>();
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 3 || f[0].isBlank() || f[0].length() > 64) {
                    throw new IllegalStateException(RESOURCE + ": line " + n + ": expected name, category and description separated by tabs");
                }
                if (m.put(f[0], new StandardRoiName(f[0], f[1], f[2])) != null) {
                    throw new IllegalStateException(RESOURCE + ": line " + n + ": duplicate name " + f[0]);
                }
            }
            return new StandardRoiNames(java.util.Collections.unmodifiableMap(m));
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read", e);
        }
    }

    /** @return every standard name in file order */
    public List<StandardRoiName> all() {
        return List.copyOf(new ArrayList<>(byName.values()));
    }

    /**
     * @param name a name, compared exactly
     * @return the standard name entry, if the list has it
     */
    public Optional<StandardRoiName> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** @return whether {@code name} is a standard name (compared exactly) */
    public boolean contains(String name) {
        return find(name).isPresent();
    }
}
