package org.rpb.pacs.core.net;

import org.rpb.pacs.core.dict.Tags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.net.testing.TestData;

/** The value types: node validation, query building, the Part 10 meta reader and writer. */
class ModelTest {
    @TempDir
    Path tmp;

    @Test
    void nodeValidation() {
        PacsNode n = PacsNode.parse("ORTHANC@127.0.0.1:4242", "PACS");
        assertEquals("ORTHANC", n.aeTitle());
        assertEquals(4242, n.port());
        assertEquals("PACS", n.callingAeTitle());
        assertEquals("ORTHANC@127.0.0.1:4242", n.describe());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacsNode.parse("A@h:0", "PACS")).getMessage().contains("port 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacsNode.parse("A@h:65536", "PACS")).getMessage().contains("65536"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacsNode.parse("SEVENTEEN_CHARS_X@h:104", "PACS"))
                .getMessage().contains("longer than 16"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacsNode.parse("BAD\\AE@h:104", "PACS"))
                .getMessage().contains("not allowed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacsNode.parse("   @h:104", "PACS")).getMessage().contains("spaces"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacsNode.parse("A@h:104", "")).getMessage().contains("calling AE"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacsNode.parse("noport", "PACS")).getMessage().contains("AET@HOST:PORT"));
        assertThrows(IllegalArgumentException.class, () -> n.toBuilder().responseTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> n.toBuilder().dicomWebBaseUrl(java.net.URI.create("ftp://x/")).build());
    }

    @Test
    void queryKeys() {
        FindQuery q = FindQuery.builder(QueryLevel.STUDY).patientName("DOE*").studyDate(LocalDate.of(2004, 1, 1), null)
                .modalitiesInStudy("CT").build();
        assertEquals("DOE*", q.value(Tags.PatientName.value()));
        assertEquals("20040101-", q.value(Tags.StudyDate.value()));
        assertEquals("", q.value(Tags.StudyInstanceUID.value()), "return key of the study level");
        assertEquals("20040101", FindQuery.builder(QueryLevel.STUDY).studyDate(LocalDate.of(2004, 1, 1), LocalDate.of(2004, 1, 1)).build()
                .value(Tags.StudyDate.value()));
        assertThrows(IllegalArgumentException.class, () -> FindQuery.builder(QueryLevel.STUDY)
                .studyDate(LocalDate.of(2005, 1, 1), LocalDate.of(2004, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> FindQuery.builder(QueryLevel.STUDY).key(Tags.QueryRetrieveLevel.value(), "X"));
        assertThrows(UnsupportedOperationException.class, () -> q.keys().put(1, "x"));
    }

    @Test
    void metaRoundTripAndDamage() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Meta.write(out, "1.2.840.10008.5.1.4.1.1.7", "1.2.3.45", "1.2.840.10008.1.2.1", "SENDER");
        byte[] bytes = out.toByteArray();
        Part10Meta m = Part10Meta.read(new ByteArrayInputStream(bytes), "mem");
        assertEquals("1.2.3.45", m.sopInstanceUid());
        assertEquals("1.2.840.10008.1.2.1", m.transferSyntaxUid());
        assertEquals(bytes.length, m.dataSetOffset());

        Part10Meta ct = Part10Meta.read(TestData.pydicom("CT_small.dcm"));
        assertEquals("1.2.840.10008.5.1.4.1.1.2", ct.sopClassUid());

        Path truncated = Files.write(tmp.resolve("t.dcm"), java.util.Arrays.copyOf(bytes, 150));
        IOException e = assertThrows(IOException.class, () -> Part10Meta.read(truncated));
        assertTrue(e.getMessage().contains("t.dcm") && e.getMessage().contains("offset"), e.getMessage());
        IOException e2 = assertThrows(IOException.class, () -> Part10Meta.read(TestData.pydicom("no_meta.dcm")));
        assertTrue(e2.getMessage().contains("DICM"), e2.getMessage());
    }

    @Test
    void fileNamesAreSafe() {
        assertEquals("1.2.3.dcm", InstanceCheck.fileName("1.2.3"));
        assertTrue(InstanceCheck.fileName("../etc/passwd").matches("x[0-9a-f]+\\.dcm"));
        assertEquals("x2e312e32.dcm", InstanceCheck.fileName(".1.2"), "a leading dot is not a UID");
        assertEquals("1." + "2".repeat(62) + ".dcm", InstanceCheck.fileName("1." + "2".repeat(62)));
        assertTrue(InstanceCheck.fileName("1." + "2".repeat(63)).startsWith("x"), "longer than 64 characters");
        assertEquals("x.dcm", InstanceCheck.fileName(""));
        assertEquals("x312e322f.dcm", InstanceCheck.fileName("1.2/"));
    }
}
