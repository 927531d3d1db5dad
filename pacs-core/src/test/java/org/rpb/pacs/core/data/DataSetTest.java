package org.rpb.pacs.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.core.dict.Tags;

/** The pydicom-like data set: order, get/set/remove, text and numbers, character set inheritance. */
class DataSetTest {

    @Test
    void keepsTagOrderAndTracksChanges() {
        DataSet ds = new DataSet();
        ds.setString(Tags.PatientName, VR.PN, "Doe^John");
        ds.setString(Tags.Modality, VR.CS, "CT");
        ds.setString(Tags.StudyInstanceUID, VR.UI, "1.2.3");
        assertEquals(List.of(Tags.Modality, Tags.PatientName, Tags.StudyInstanceUID),
                ds.stream().map(DataElement::tag).collect(java.util.stream.Collectors.toList()));
        assertTrue(ds.isModified());
        assertTrue(ds.contains(Tags.Modality));
        assertEquals("Doe^John", ds.getString(Tags.PatientName));
        assertEquals("Doe^John", ds.getString("PatientName"));
        assertEquals(8, ds.get(Tags.PatientName).length());
        assertEquals(6, ds.get(Tags.StudyInstanceUID).length(), "UI padded with NUL to even length");
        assertEquals(0, ds.get(Tags.StudyInstanceUID).bytes()[5]);
        assertEquals("1.2.3", ds.getString(Tags.StudyInstanceUID));
        assertEquals("CT", ds.remove(Tags.Modality).vr() == VR.CS ? "CT" : "?");
        assertFalse(ds.contains(Tags.Modality));
        assertNull(ds.remove(Tags.Modality));
        assertNull(ds.getString(Tags.Modality));
    }

    @Test
    void multiValuedTextAndNumbers() {
        DataSet ds = new DataSet();
        ds.setStrings(Tags.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        assertEquals(List.of("ORIGINAL", "PRIMARY", "AXIAL"), ds.getStrings(Tags.ImageType));
        assertEquals("PRIMARY", ds.getString(Tags.ImageType, 1));
        assertEquals(3, ds.get(Tags.ImageType).multiplicity());
        ds.setLongs(Tags.Rows, VR.US, 512);
        assertEquals(512, ds.getInt(Tags.Rows, -1));
        assertArrayEquals(new byte[] {0, 2}, ds.getBytes(Tags.Rows));
        ds.setString(Tags.InstanceNumber, VR.IS, "17");
        assertEquals(17, ds.getInt(Tags.InstanceNumber, -1));
        assertEquals(-1, ds.getInt(Tags.SeriesNumber, -1));
        ds.setLongs(Tags.WindowCenter, VR.SS, -5);
        assertEquals(-5, ds.getLong(Tags.WindowCenter, 0));
        assertEquals("-5", ds.getString(Tags.WindowCenter));
        ds.setLongs(Tag.of(0x00209165), VR.AT, 0x00100010L);
        assertEquals("(0010,0010)", ds.getString(Tag.of(0x00209165)));
        assertThrows(IllegalArgumentException.class, () -> ds.setString(Tags.Rows, VR.US, "1"));
    }

    @Test
    void itemsInheritTheCharacterSetAndCopiesAreDeep() {
        DataSet ds = new DataSet();
        ds.setString(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        DataSet item = new DataSet();
        ds.setSequence(Tags.ReferencedStudySequence, new Sequence(List.of(item)));
        item.setString(Tags.PatientName, VR.PN, "Jérôme");
        assertArrayEquals("Jérôme".getBytes(StandardCharsets.ISO_8859_1), item.getBytes(Tags.PatientName));
        assertEquals("Jérôme", item.getString(Tags.PatientName));
        DataSet copy = ds.copy();
        copy.getSequence(Tags.ReferencedStudySequence).get(0).setString(Tags.PatientName, VR.PN, "X");
        assertEquals("Jérôme", item.getString(Tags.PatientName), "the copy does not share items");
        assertThrows(IllegalArgumentException.class, () -> item.setString(Tags.PatientName, VR.PN, "山田"));
    }

    @Test
    void descriptionsNeverShowValues() {
        DataSet ds = new DataSet();
        ds.setString(Tags.PatientName, VR.PN, "Secret^Name");
        assertFalse(ds.toString().contains("Secret"));
        assertFalse(ds.get(Tags.PatientName).toString().contains("Secret"));
        assertEquals("(0010,0010) PN 12 bytes", ds.get(Tags.PatientName).toString());
    }

    @Test
    void removeIfRemovesInOnePassAndForgetsTheCharacterSet() {
        DataSet ds = new DataSet(); // as a reader builds it: appended, not modified
        ds.append(DataElement.of(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 100".getBytes(StandardCharsets.US_ASCII)));
        ds.append(DataElement.of(Tag.of(0x00091010), VR.OB, new byte[] {1, 2}));
        ds.append(DataElement.of(Tags.PatientName, VR.PN, new byte[] {'M', (byte) 0xFC, 'l', 'l', 'e', 'r'}));
        ds.append(DataElement.of(Tag.of(0x00191010), VR.OB, new byte[] {3, 4}));
        assertEquals("M\u00fcller", ds.getString(Tags.PatientName));
        assertFalse(ds.removeIf(e -> e.tag().value() == 0x00111010));
        assertFalse(ds.isModified());
        assertTrue(ds.removeIf(e -> e.tag().isPrivate() || e.tag().equals(Tags.SpecificCharacterSet)));
        assertEquals(List.of(Tags.PatientName), ds.stream().map(DataElement::tag)
                .collect(java.util.stream.Collectors.toList()));
        assertTrue(ds.isModified());
        assertEquals(org.rpb.pacs.core.charset.SpecificCharacterSet.DEFAULT, ds.specificCharacterSet(),
                "the removed (0008,0005) no longer decodes the data set");
    }

    @Test
    void theCharacterSetIsLookedUpAgainWhenItsElementComesOrGoes() {
        DataSet ds = DataSet.withCapacity(4);
        DataSet item = new DataSet();
        ds.append(DataElement.of(Tags.ReferencedStudySequence, VR.SQ, new Sequence(List.of(item)), true));
        assertEquals(org.rpb.pacs.core.charset.SpecificCharacterSet.DEFAULT, ds.specificCharacterSet());
        // appended after the absence was noted (a data set out of order): found now, and inherited by set()
        ds.append(DataElement.of(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 100".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of("ISO_IR 100"), ds.specificCharacterSet().terms());
        ds.setSequence(Tags.ReferencedStudySequence, new Sequence(List.of(item)));
        item.append(DataElement.of(Tags.PatientName, VR.PN, new byte[] {'M', (byte) 0xFC, 'l', 'l', 'e', 'r'}));
        assertEquals("M\u00fcller", item.getString(Tags.PatientName));
        ds.remove(Tags.SpecificCharacterSet);
        assertEquals(org.rpb.pacs.core.charset.SpecificCharacterSet.DEFAULT, ds.specificCharacterSet());
        assertThrows(IllegalArgumentException.class, () -> DataSet.withCapacity(-1));
    }

    @Test
    void copyBytesCopiesThePartThatFitsAndLeavesTheValueAlone() {
        DataElement e = DataElement.of(Tags.PatientID, VR.LO, new byte[] {1, 2, 3, 4, 5, 6});
        java.nio.ByteBuffer dst = java.nio.ByteBuffer.allocate(4);
        assertEquals(4, e.copyBytes(0, dst));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, dst.array());
        dst.clear();
        assertEquals(2, e.copyBytes(4, dst));
        assertEquals(2, dst.position());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, e.bytes());
        assertThrows(IllegalStateException.class, () -> DataElement.of(Tags.ReferencedStudySequence, VR.SQ,
                Sequence.empty(), true).copyBytes(0, dst));
    }
}
