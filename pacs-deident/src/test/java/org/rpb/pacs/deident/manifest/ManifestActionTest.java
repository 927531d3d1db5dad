package org.rpb.pacs.deident.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.deident.profile.Action;

class ManifestActionTest {

    @Test
    void aProfileActionIsWrittenAsItsTableLetter() {
        for (Action a : Action.values()) {
            assertEquals(a.letter(), ManifestAction.of(a).code(), a.name());
        }
    }

    @Test
    void anEntryWritesTheCodeOfItsAction() {
        ManifestEntry e = new ManifestEntry("2.25.1", "(0010,0010)", ManifestAction.SET, null, "PID-1");
        assertEquals("{\"instance\":\"2.25.1\",\"path\":\"(0010,0010)\",\"action\":\"SET\",\"oldValueHash\":null,"
                + "\"newValue\":\"PID-1\"}", e.toJson());
    }
}
