package org.rpb.pacs.deident.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves compound codes of Table E.1-1 (X/Z, X/D, Z/D, X/Z/D, X/Z/U*): to the least destructive action that
 * keeps the object valid for its IOD where the attribute's type is known (resource
 * {@code compound-resolution.txt}, which cites the PS3.3 type of each attribute, by SOP class or named group of
 * SOP classes), and otherwise to the least destructive action the code offers that is valid even for a Type 1
 * attribute ({@link ActionCode#leastDestructiveValid()}), so that no output loses a required attribute for want
 * of type knowledge. Immutable.
 */
public final class CompoundResolver {

    private record Entry(Action fallback, List<String[]> bySopClass) {
    }

    private final Map<Integer, Entry> known;

    private CompoundResolver(Map<Integer, Entry> known) {
        this.known = Collections.unmodifiableMap(known);
    }

    /** @return the resolver with the bundled type knowledge, read once per class loader (immutable) */
    public static CompoundResolver bundled() {
        return Bundled.RESOLVER;
    }

    /** Holds the bundled resolver, read when first asked for. */
    private static final class Bundled {
        static final CompoundResolver RESOLVER = read();
    }

    private static CompoundResolver read() {
        Map<Integer, Entry> m = new HashMap<>();
        Map<String, List<String>> groups = new HashMap<>();
        try (InputStream in = CompoundResolver.class.getResourceAsStream("compound-resolution.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource compound-resolution.txt missing from the pacs-deident jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                if (hash >= 0) {
                    line = line.substring(0, hash);
                }
                line = line.trim();
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                if (parts[0].equals("group")) {
                    groups.put(parts[1], List.of(parts).subList(2, parts.length));
                    continue;
                }
                int tag = (Integer.parseInt(parts[0].substring(0, 4), 16) << 16)
                        | Integer.parseInt(parts[0].substring(5, 9), 16);
                List<String[]> by = new ArrayList<>();
                for (int i = 2; i < parts.length; i++) {
                    String[] p = parts[i].split("=");
                    if (p[0].startsWith("@")) {
                        List<String> members = groups.get(p[0].substring(1));
                        if (members == null) {
                            throw new IllegalStateException("compound-resolution.txt: unknown group " + p[0]);
                        }
                        for (String uid : members) {
                            by.add(new String[] {uid, p[1]});
                        }
                    } else {
                        by.add(p);
                    }
                }
                m.put(tag, new Entry(Action.ofLetter(parts[1]), by));
            }
        } catch (IOException e) {
            throw new IllegalStateException("compound-resolution.txt cannot be read", e);
        }
        return new CompoundResolver(m);
    }

    /**
     * Resolves a code for one attribute of one object.
     *
     * @param tag the attribute
     * @param code the code from the table (single codes are returned as they are)
     * @param sopClassUid the object's SOP Class UID, or null
     * @return the action
     */
    public Action resolve(int tag, ActionCode code, String sopClassUid) {
        if (!code.isCompound()) {
            return code.choices().get(0);
        }
        Entry e = known.get(tag);
        if (e == null) {
            return code.leastDestructiveValid();
        }
        Action a = e.fallback;
        if (sopClassUid != null) {
            for (String[] p : e.bySopClass) {
                if (sopClassUid.startsWith(p[0]) && (sopClassUid.length() == p[0].length()
                        || sopClassUid.charAt(p[0].length()) == '.')) {
                    a = Action.ofLetter(p[1]);
                    break;
                }
            }
        }
        // never pick an action the code does not offer
        return code.choices().contains(a) ? a : code.strictest();
    }
}
