package org.rpb.pacs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.core.net.PacsNode;

class JobParametersTest {

    private static final String HIS_ID = "KH-2024/0815";

    private static JobParameters stage(List<String> series, Long slot) {
        return new JobParameters(JobType.STAGE, 17, "STUDY0", "DD", "stager", "PID1", slot, 3, "1.2.3.4", series,
                PacsNode.parse("CLINICAL@127.0.0.1:14242", "RPBPACS"), JobParameters.Method.MOVE,
                PacsNode.parse("RESEARCH@127.0.0.1:24242", "RPBPACS"), false);
    }

    private static JobParameters upload() {
        return new JobParameters(JobType.UPLOAD, 18, "RTTRIAL", "DD", "uploader", "PID-RT-0101", 42L, 0, null,
                List.of(), null, null, PacsNode.parse("RESEARCH@127.0.0.1:24242", "RPBPACS"), true);
    }

    @Test
    void roundTripThroughJobPropertiesKeepsEveryFieldOfEveryKind() {
        for (List<String> series : List.of(List.<String>of(), List.of("1.2.3.4.5"), List.of("1.2.3.4.5", "1.2.3.4.6"))) {
            for (Long slot : new Long[] {null, 42L}) {
                JobParameters p = stage(series, slot);
                JobParameters back = JobParameters.of(p.toProperties());
                assertEquals(p, back);
                assertEquals(14242, back.source().port());
                assertEquals("RPBPACS", back.archive().callingAeTitle());
                assertEquals(3, back.profileVersion());
                assertEquals(17, back.jobId());
            }
        }
        assertEquals(upload(), JobParameters.of(upload().toProperties()));
        assertEquals(JobParameters.STUDY0, stage(List.of(), null).target());
        assertEquals("RTTRIAL", upload().target());
    }

    @Test
    void aRetryChangesOnlyTheUser() {
        JobParameters p = stage(List.of("1.2.3.4.5"), 42L);
        JobParameters retried = p.withUser("admin");
        assertEquals("admin", retried.user());
        assertEquals(p, retried.withUser("stager"));
        assertEquals("admin", JobParameters.of(retried.toProperties()).user());
    }

    @Test
    void noKeyOrHisPatientIdIsAmongTheStoredParameters() {
        for (Properties p : List.of(stage(List.of(), null).toProperties(), upload().toProperties())) {
            assertTrue(p.stringPropertyNames().stream().noneMatch(n -> n.toLowerCase().contains("key")
                    || n.toLowerCase().contains("his") || n.toLowerCase().contains("filename") || n.toLowerCase().contains("path")), p.toString());
            assertTrue(p.values().stream().noneMatch(HIS_ID::equals), p.toString());
        }
    }

    @Test
    void invalidParametersAreRefusedNamingTheField() {
        Properties p = stage(List.of(), null).toProperties();
        p.setProperty("method", "PUSH");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobParameters.of(p));
        assertTrue(e.getMessage().contains("method"), e.getMessage());
        Properties q = stage(List.of(), null).toProperties();
        q.setProperty("sourceNode", "no-port");
        assertThrows(IllegalArgumentException.class, () -> JobParameters.of(q));
        Properties r = stage(List.of(), null).toProperties();
        r.remove("siteCode");
        e = assertThrows(IllegalArgumentException.class, () -> JobParameters.of(r));
        assertTrue(e.getMessage().contains("siteCode"), e.getMessage());
        Properties u = stage(List.of(), null).toProperties();
        u.remove("user");
        e = assertThrows(IllegalArgumentException.class, () -> JobParameters.of(u));
        assertTrue(e.getMessage().contains("user"), e.getMessage());
        Properties noSlot = upload().toProperties();
        noSlot.setProperty("slotId", "");
        e = assertThrows(IllegalArgumentException.class, () -> JobParameters.of(noSlot));
        assertTrue(e.getMessage().contains("slot"), e.getMessage());
        // parameters of a job of the previous module version (no type, no job ID) are refused, not guessed
        Properties old = stage(List.of(), null).toProperties();
        old.remove("type");
        assertThrows(IllegalArgumentException.class, () -> JobParameters.of(old));
    }

    @Test
    void theNodesKeepTheirConfiguredTimeouts() {
        PacsNode slowClinical = PacsNode.builder().aeTitle("CLINICAL").host("pacs.hospital.example").port(104)
                .callingAeTitle("RPBPACS").connectTimeout(Duration.ofSeconds(45)).responseTimeout(Duration.ofMinutes(5))
                .build();
        PacsNode slowResearch = PacsNode.builder().aeTitle("RESEARCH").host("127.0.0.1").port(24242)
                .callingAeTitle("RPBRESEARCH").connectTimeout(Duration.ofMillis(1500))
                .responseTimeout(Duration.ofSeconds(90)).build();
        JobParameters p = new JobParameters(JobType.STAGE, 17, "STUDY0", "DD", "stager", "PID1", null, 3, "1.2.3.4",
                List.of(), slowClinical, JobParameters.Method.MOVE, slowResearch, false);
        JobParameters back = JobParameters.of(p.toProperties());
        assertEquals(Duration.ofSeconds(45), back.source().connectTimeout());
        assertEquals(Duration.ofMinutes(5), back.source().responseTimeout());
        assertEquals(Duration.ofMillis(1500), back.archive().connectTimeout());
        assertEquals(Duration.ofSeconds(90), back.archive().responseTimeout());
        assertEquals("RPBRESEARCH", back.archive().callingAeTitle());
        assertEquals(p, back);

        // a job submitted before the timeouts were stored resumes with the defaults
        Properties older = p.toProperties();
        older.keySet().removeIf(k -> k.toString().endsWith("TimeoutMs"));
        JobParameters resumed = JobParameters.of(older);
        assertEquals(PacsNode.DEFAULT_CONNECT_TIMEOUT, resumed.source().connectTimeout());
        assertEquals(PacsNode.DEFAULT_RESPONSE_TIMEOUT, resumed.archive().responseTimeout());

        Properties bad = p.toProperties();
        bad.setProperty("archiveConnectTimeoutMs", "-5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobParameters.of(bad));
        assertTrue(e.getMessage().contains("archiveConnectTimeoutMs"), e.getMessage());
    }
}
