package org.rpb.pacs.core.dict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The storage SOP classes of the standard, from {@code sops.json} (see SOURCE.md), for deciding
 * what a C-STORE receiver accepts. Classes added to the standard after that edition are recognised
 * by their place in the UID tree: every composite storage SOP class defined since the early editions
 * sits under {@value #STORAGE_BRANCH}. Immutable.
 */
public final class StorageSopClasses {
    /** The UID branch of the standard's composite instance storage SOP classes (PS3.4 B.5). */
    public static final String STORAGE_BRANCH = "1.2.840.10008.5.1.4.1.1.";

    private final Map<String, String> names;

    private StorageSopClasses(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    private static final class Holder {
        static final StorageSopClasses STANDARD = load();
    }

    /** @return the standard's list (loaded once, on first use) */
    public static StorageSopClasses standard() {
        return Holder.STANDARD;
    }

    private static StorageSopClasses load() {
        try (InputStream in = StorageSopClasses.class.getResourceAsStream("sops.json")) {
            if (in == null) {
                throw new IllegalStateException("resource org/rpb/pacs/core/dict/sops.json missing");
            }
            Map<String, String> names = new LinkedHashMap<>();
            for (Map<String, String> o : AttributesJson.objects(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                String id = o.getOrDefault("id", "").trim();
                if (!id.isEmpty()) {
                    names.put(id, o.getOrDefault("name", id));
                }
            }
            return new StorageSopClasses(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param uid a SOP Class UID
     * @return true if it is listed, or lies in the storage branch of the UID tree
     */
    public boolean isStorage(String uid) {
        return names.containsKey(uid) || (uid.startsWith(STORAGE_BRANCH) && uid.length() > STORAGE_BRANCH.length());
    }

    /** @return true if the class is in the list itself (not only in the storage branch) @param uid a SOP Class UID */
    public boolean isListed(String uid) {
        return names.containsKey(uid);
    }

    /** @param uid a SOP Class UID @return its name, or the UID if it is not listed */
    public String name(String uid) {
        return names.getOrDefault(uid, uid);
    }

    /** @return the listed UIDs */
    public Set<String> uids() {
        return names.keySet();
    }
}
