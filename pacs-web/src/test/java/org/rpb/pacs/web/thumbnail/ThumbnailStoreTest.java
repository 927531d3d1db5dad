package org.rpb.pacs.web.thumbnail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ThumbnailStoreTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

    @Test
    void aTokenIsRandomAndSaysNothingAboutThePicture() {
        ThumbnailStore store = new ThumbnailStore(10);
        String a = store.put("RTTRIAL@DD", PNG);
        String b = store.put("RTTRIAL@DD", PNG);
        assertNotEquals(a, b, "the same picture twice gets two tokens");
        assertTrue(a.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), a);
    }

    @Test
    void aPictureIsServedOnlyInTheStudyAndSiteItWasMadeIn() {
        ThumbnailStore store = new ThumbnailStore(10);
        String token = store.put("RTTRIAL@DD", PNG);
        assertArrayEquals(PNG, store.get(token, "RTTRIAL@DD").orElseThrow());
        assertEquals(Optional.empty(), store.get(token, "RTTRIAL@MU"), "another site");
        assertEquals(Optional.empty(), store.get(token, "QOL@DD"), "another study");
        assertEquals(Optional.empty(), store.get("00000000-0000-4000-8000-000000000000", "RTTRIAL@DD"));
        assertEquals(Optional.empty(), store.get(null, "RTTRIAL@DD"));
    }

    @Test
    void theLeastRecentlyUsedPictureGoesWhenTheStoreIsFull() {
        ThumbnailStore store = new ThumbnailStore(2);
        String a = store.put("S@X", PNG);
        String b = store.put("S@X", PNG);
        store.get(a, "S@X");
        String c = store.put("S@X", PNG);
        assertEquals(2, store.size());
        assertTrue(store.get(a, "S@X").isPresent(), "used last: kept");
        assertTrue(store.get(b, "S@X").isEmpty(), "used least: gone");
        assertTrue(store.get(c, "S@X").isPresent());
    }

    @Test
    void callersGetCopiesThatCannotChangeTheStore() {
        ThumbnailStore store = new ThumbnailStore(2);
        byte[] given = PNG.clone();
        String token = store.put("S@X", given);
        given[1] = 0;
        store.get(token, "S@X").orElseThrow()[2] = 0;
        assertArrayEquals(PNG, store.get(token, "S@X").orElseThrow());
    }

    @Test
    void theStoreTravelsWithAReplicatedSession() throws Exception {
        ThumbnailStore store = new ThumbnailStore(2);
        String token = store.put("S@X", PNG);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(store);
        }
        ThumbnailStore copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ThumbnailStore) in.readObject();
        }
        assertArrayEquals(PNG, copy.get(token, "S@X").orElseThrow());
        assertTrue(copy.get(token, "S@Y").isEmpty());
    }

    @Test
    void aStoreHoldsAtLeastOnePicture() {
        assertThrows(IllegalArgumentException.class, () -> new ThumbnailStore(0));
    }
}
