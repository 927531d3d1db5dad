package org.rpb.pacs.core.net.pixelmed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.network.CEchoResponseCommandMessage;
import com.pixelmed.network.CFindRequestCommandMessage;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.CStoreResponseCommandMessage;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The adapter's own command set codec (C-STORE request and response encoded by hand, command sets decoded
 * without PixelMed's generic reader) gives what PixelMed's classes give, byte for byte and value for value.
 */
class CommandSetTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    @Test
    void storeRequestIsPixelmedsWithOurMessageId() throws Exception {
        for (String inst : List.of("1.2.3.45", "1.2.3.4", "2.25.1234567890123456789012345678901234567")) {
            CStoreRequestCommandMessage px = new CStoreRequestCommandMessage(CT, inst);
            assertArrayEquals(px.getBytes(), PixelmedSupport.storeCommand(CT, inst, px.getMessageID()), inst);
        }
    }

    @Test
    void storeResponseIsPixelmeds() throws Exception {
        for (int status : new int[] {0x0000, 0xA700, 0xB000, 0xC000}) {
            byte[] px = new CStoreResponseCommandMessage(CT, "1.2.3.4", 77, status).getBytes();
            assertArrayEquals(px, PixelmedSupport.storeResponse(CT, "1.2.3.4", 77, status));
        }
    }

    @Test
    void decodesLikePixelmed() throws Exception {
        byte[][] commands = {
            new CStoreRequestCommandMessage(CT, "1.2.3.45").getBytes(),
            PixelmedSupport.storeResponse(CT, "1.2.3.4", 9, 0xA700),
            PixelmedSupport.moveCommand("1.2.840.10008.5.1.4.1.2.2.2", 12, "RPBPACS"),
            PixelmedSupport.cancelCommand(12),
            new CEchoResponseCommandMessage("1.2.840.10008.1.1", 3, 0).getBytes(),
            new CFindRequestCommandMessage("1.2.840.10008.5.1.4.1.2.2.1").getBytes(),
        };
        for (byte[] c : commands) {
            assertEquals(values(MessageHandler.getAttributeListFromCommandOrData(c, PixelmedSupport.IMPLICIT_LE)),
                    values(PixelmedSupport.command(c)));
        }
    }

    @Test
    void unknownElementsGoToPixelmedsReader() throws Exception {
        // (0000,0901) Offending Element (AT) is not among the elements decoded by hand
        byte[] base = PixelmedSupport.storeResponse(CT, "1.2.3.4", 9, 0xC000);
        byte[] c = java.util.Arrays.copyOf(base, base.length + 12);
        byte[] extra = {0x00, 0x00, 0x01, 0x09, 4, 0, 0, 0, 0x10, 0x00, 0x20, 0x00};
        System.arraycopy(extra, 0, c, base.length, extra.length);
        AttributeList list = PixelmedSupport.command(c);
        assertEquals(values(MessageHandler.getAttributeListFromCommandOrData(c, PixelmedSupport.IMPLICIT_LE)), values(list));
        assertEquals(0xC000, PixelmedSupport.intValue(list, com.pixelmed.dicom.TagFromName.Status, 0));
    }

    private static TreeMap<String, String> values(AttributeList list) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        for (Object o : list.values()) {
            Attribute a = (Attribute) o;
            out.put(a.getTag() + " " + new String(a.getVR()), String.join("\\", a.getStringValues()).trim());
        }
        return out;
    }
}
