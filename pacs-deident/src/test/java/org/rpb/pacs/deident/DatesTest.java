package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;
import org.rpb.pacs.deident.dates.DateOffset;
import org.rpb.pacs.deident.dates.DateShifter;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.uid.UidRemapper;

/** Dates and times (behaviours 12-16). */
class DatesTest {

    @TempDir
    Path tmp;

    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter DAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    @Test
    void offsetIsPerPatientStableAndKeyed() {
        UidRemapper k = new UidRemapper(Fixtures.KEY);
        DateOffset a = DateOffset.forPatient(k, "HOSP", "123");
        assertEquals(a, DateOffset.forPatient(new UidRemapper(Fixtures.KEY), "HOSP", "123"));
        assertNotEquals(a, DateOffset.forPatient(k, "HOSP", "124"));
        assertNotEquals(a, DateOffset.forPatient(k, "OTHER", "123"));
        assertNotEquals(a, DateOffset.forPatient(new UidRemapper(Fixtures.OTHER_KEY), "HOSP", "123"));
        assertTrue(a.days() <= -DateOffset.MIN_DAYS && a.days() >= -DateOffset.MAX_DAYS);
        assertTrue(a.seconds() >= 0 && a.seconds() < 86400);
    }

    @Test
    void dateAndTimePairsComeFromTheDictionary() {
        org.rpb.pacs.deident.dates.DateTimePairs p = org.rpb.pacs.deident.dates.DateTimePairs.bundled();
        assertTrue(p.size() >= 40, "pairs: " + p.size());
        assertEquals(0x00080030, p.timeOf(0x00080020));
        assertEquals(0x00100032, p.timeOf(0x00100030));
        assertEquals(0x30060009, p.timeOf(0x30060008));
        assertEquals(null, p.timeOf(0x00080030));
    }

    @Test
    void dateAndTimeShiftAsOneInstantAndKeepTheirForm() throws Exception {
        DateShifter s = new DateShifter(new DateOffset(-100, 3600));
        String[] p = s.shiftPair("20240131", "233000");
        assertEquals("20231024", p[0], "crossing midnight moves the date one day more");
        assertEquals("003000", p[1]);
        assertEquals("20231023", s.shiftDA("20240131"));
        assertEquals("20231023\\20231024", s.shiftDA("20240131\\20240201"));
        assertEquals("2023.10.23", s.shiftDA("2024.01.31"));
        assertEquals("1530", s.shiftTM("1430"));
        assertEquals("153000.123456", s.shiftTM("143000.123456"));
        assertEquals("15:30:00", s.shiftTM("14:30:00"));
        assertEquals("20231024003000.25+0100", s.shiftDT("20240131233000.25+0100"));
        assertEquals("202310240030", s.shiftDT("202401312330"));
        assertEquals("20231023", s.shiftDT("20240131"));
        assertEquals("2023", s.shiftDT("2024"), "year precision kept");
        assertEquals("202308", s.shiftDT("202312"), "month precision kept (1 Dec - 100 days)");
        assertThrows(DateShifter.UnshiftableException.class, () -> s.shiftDA("UNKNOWN"));
        assertThrows(DateShifter.UnshiftableException.class, () -> s.shiftTM("25x"));
    }

    /** A PET series: intervals within the patient survive across two studies, and the injection time moves with the series. */
    @Test
    void intervalsSurviveAcrossStudiesAndPetTimingShiftsWithTheSeries() throws Exception {
        Path in1 = pet(tmp.resolve("pet1.dcm"), "1.2.3.4.1", "20230105", "101500", "094500");
        Path in2 = pet(tmp.resolve("pet2.dcm"), "1.2.3.4.2", "20230412", "235000", "232000");
        Deidentifier d = Deidentifier.builder().key(Fixtures.KEY)
                .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).build();
        BatchResult r = d.deidentifyAll(List.of(in1, in2), tmp.resolve("out"), Fixtures.ctx(), null);
        assertEquals(2, r.doneCount(), r.refused().toString());
        DataSet a = Fixtures.read(r.instances().get(0).output());
        DataSet b = Fixtures.read(r.instances().get(1).output());
        LocalDateTime a1 = at(a, 0x00080021, 0x00080031);
        LocalDateTime b1 = at(b, 0x00080021, 0x00080031);
        assertEquals(Duration.between(LocalDateTime.of(2023, 1, 5, 10, 15), LocalDateTime.of(2023, 4, 12, 23, 50)),
                Duration.between(a1, b1), "interval between two studies of one patient");
        assertNotEquals("20230105", a.getString(Tag.of(0x00080021)));
        for (DataSet ds : List.of(a, b)) {
            DataSet rp = ds.getSequence(Tag.of(0x00540016)).get(0);
            LocalTime inj = LocalTime.parse(rp.getString(Tag.of(0x00181072)), DateTimeFormatter.ofPattern("HHmmss"));
            LocalTime series = LocalTime.parse(ds.getString(Tag.of(0x00080031)), DateTimeFormatter.ofPattern("HHmmss"));
            assertEquals(30 * 60, Math.floorMod(ChronoUnit.SECONDS.between(inj, series), 86400),
                    "injection to series time");
            LocalDateTime injDt = LocalDateTime.parse(rp.getString(Tag.of(0x00181078)), DAT);
            assertEquals(Duration.ofMinutes(30), Duration.between(injDt, at(ds, 0x00080021, 0x00080031)));
        }
        // patient age is not changed by a shift
        assertEquals(null, a.get(0x00101010), "age removed without Retain Patient Characteristics");
        Deidentifier keepAge = Deidentifier.builder().key(Fixtures.KEY).profile(Profile.basic().with(
                Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.RETAIN_PATIENT_CHARACTERISTICS)).build();
        keepAge.deidentify(in1, tmp.resolve("age.dcm"), Fixtures.ctx());
        DataSet aged = Fixtures.read(tmp.resolve("age.dcm"));
        assertEquals("061Y", aged.getString(Tag.of(0x00101010)));
        assertEquals("MODIFIED", aged.getString(Tag.of(0x00280303)));
        // with full dates retained, nothing moves and the file says so
        Deidentifier full = Deidentifier.builder().key(Fixtures.KEY).profile(Profile.basic().with(
                Option.RETAIN_LONGITUDINAL_FULL_DATES)).build();
        full.deidentify(in1, tmp.resolve("full.dcm"), Fixtures.ctx());
        DataSet f = Fixtures.read(tmp.resolve("full.dcm"));
        assertEquals("20230105", f.getString(Tag.of(0x00080021)));
        assertEquals("UNMODIFIED", f.getString(Tag.of(0x00280303)));
        // the outputs hold none of the original identifiers and dates, and pydicom reads them
        List<Path> outs = List.of(r.instances().get(0).output(), r.instances().get(1).output(), tmp.resolve("age.dcm"));
        for (Path o : outs) {
            assertEquals(List.of(), org.rpb.pacs.deident.scan.LeakScanner.of(List.of("PETPATIENT", "20230105",
                    "20230412")).scan(o), o.toString());
        }
        assertEquals(3, Fixtures.pydicomReadsAll(outs).lines().filter(l -> l.startsWith("OK")).count());
    }

    /** Calibration Time (0014,407C) comes before its date (0014,407E) in tag order: shifted once, with the date. */
    @Test
    void aTimeBeforeItsDateInTagOrderShiftsOnceAsOneInstant() throws Exception {
        DicomFile src = Fixtures.readFile(Fixtures.pydicom("CT_small.dcm"));
        DataSet ds = src.dataSet();
        ds.setString(Tag.of(0x00100020), VR.LO, "CALPATIENT");
        ds.setString(Tag.of(0x00080020), VR.DA, "20200101");
        ds.setString(Tag.of(0x00080030), VR.TM, "120000");
        ds.setString(Tag.of(0x0014407C), VR.TM, "120000");
        ds.setString(Tag.of(0x0014407E), VR.DA, "20200101");
        DataSet item = new DataSet();
        item.setString(Tag.of(0x0014407C), VR.TM, "235500");
        item.setString(Tag.of(0x0014407E), VR.DA, "20191231");
        ds.setSequence(Tag.of(0x00140409), new Sequence(List.of(item)));   // Calibration Sequence (nested)
        Path in = tmp.resolve("cal.dcm");
        DicomWriter.create().write(src, in);
        Path out = tmp.resolve("cal-out.dcm");
        Deidentifier.builder().key(Fixtures.KEY).profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES))
                .build().deidentify(in, out, Fixtures.ctx());
        DataSet o = Fixtures.read(out);
        DateShifter s = new DateShifter(DateOffset.forPatient(new UidRemapper(Fixtures.KEY), null, "CALPATIENT"));
        String[] expected = s.shiftPair("20200101", "120000");
        assertEquals(List.of(expected[0], expected[1]), List.of(o.getString(Tag.of(0x00080020)),
                o.getString(Tag.of(0x00080030))));
        assertEquals(at(o, 0x00080020, 0x00080030), at(o, 0x0014407E, 0x0014407C),
                "calibration and study were one instant, and still are");
        DataSet oi = o.getSequence(Tag.of(0x00140409)).get(0);
        assertEquals(Duration.ofMinutes(5), Duration.between(at(oi, 0x0014407E, 0x0014407C), at(o, 0x00080020,
                0x00080030)).minusHours(12), "the nested pair keeps its interval to the study");
        assertEquals(List.of(), org.rpb.pacs.deident.scan.LeakScanner.of(List.of("CALPATIENT", "20200101", "20191231"))
                .scan(out));
        assertTrue(Fixtures.pydicomReadsAll(List.of(out)).startsWith("OK"));
    }

    private static LocalDateTime at(DataSet ds, int da, int tm) {
        return LocalDateTime.of(LocalDate.parse(ds.getString(Tag.of(da)), DA),
                LocalTime.parse(ds.getString(Tag.of(tm)), DateTimeFormatter.ofPattern("HHmmss")));
    }

    private static Path pet(Path out, String sop, String date, String time, String injection) throws Exception {
        DicomFile src = Fixtures.readFile(Fixtures.pydicom("CT_small.dcm"));
        DataSet ds = src.dataSet();
        ds.setString(Tag.of(0x00100020), VR.LO, "PETPATIENT");
        ds.setString(Tag.of(0x00080018), VR.UI, sop);
        ds.setString(Tag.of(0x00080021), VR.DA, date);
        ds.setString(Tag.of(0x00080031), VR.TM, time);
        ds.setString(Tag.of(0x00101010), VR.AS, "061Y");
        DataSet rp = new DataSet();
        rp.setString(Tag.of(0x00181072), VR.TM, injection);
        rp.setString(Tag.of(0x00181078), VR.DT, date + injection);
        ds.setSequence(Tag.of(0x00540016), new Sequence(List.of(rp)));
        DataSet meta = DicomWriter.createFileMeta("1.2.840.10008.5.1.4.1.1.2", sop,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);
        DicomWriter.create().write(new DicomFile(new byte[128], meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                src.source()), out);
        return out;
    }
}
