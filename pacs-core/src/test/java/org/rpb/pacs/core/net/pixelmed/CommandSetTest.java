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
 * without PixelMed's generic reader, C-FIND identifiers decoded with the pacs-core reader) gives what PixelMed's
 * classes give, byte for byte and value for value.
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

    @Test
    void findIdentifiersDecodeLikePixelmed() throws Exception {
        org.rpb.pacs.core.net.FindQuery q = org.rpb.pacs.core.net.FindQuery.builder(org.rpb.pacs.core.net.QueryLevel.IMAGE)
                .studyInstanceUid("1.2.3").build();
        for (boolean utf8 : new boolean[] {false, true}) {
            AttributeList id = new AttributeList();
            put(id, com.pixelmed.dicom.TagFromName.QueryRetrieveLevel, "IMAGE");
            if (utf8) {
                put(id, com.pixelmed.dicom.TagFromName.SpecificCharacterSet, "ISO_IR 192");
            }
            put(id, com.pixelmed.dicom.TagFromName.StudyInstanceUID, "1.2.3");
            put(id, com.pixelmed.dicom.TagFromName.SeriesInstanceUID, "1.2.3.4");
            put(id, com.pixelmed.dicom.TagFromName.SOPInstanceUID, "1.2.3.4.5");
            put(id, com.pixelmed.dicom.TagFromName.SOPClassUID, CT);
            put(id, com.pixelmed.dicom.TagFromName.InstanceNumber, "12");
            put(id, com.pixelmed.dicom.TagFromName.PatientName, utf8 ? "Müller^Jörg" : "Doe^John");
            put(id, com.pixelmed.dicom.TagFromName.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
            put(id, com.pixelmed.dicom.TagFromName.StudyDate);
            put(id, com.pixelmed.dicom.TagFromName.SeriesDescription, "odd length");
            for (String ts : List.of(PixelmedSupport.IMPLICIT_LE, PixelmedSupport.EXPLICIT_LE)) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                id.write(out, ts, false, false, false);
                byte[] enc = out.toByteArray();
                assertEquals(PixelmedSupport.match(q, MessageHandler.getAttributeListFromCommandOrData(enc, ts)),
                        PixelmedSupport.match(q, enc, ts), ts + (utf8 ? " UTF-8" : ""));
            }
        }
    }

    private static void put(AttributeList list, com.pixelmed.dicom.AttributeTag tag, String... values) throws Exception {
        Attribute a = com.pixelmed.dicom.AttributeFactory.newAttribute(tag);
        for (String v : values) {
            a.addValue(v);
        }
        list.put(a);
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
