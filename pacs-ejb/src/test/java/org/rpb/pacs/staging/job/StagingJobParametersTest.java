package org.rpb.pacs.staging.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StagingJobParametersTest {

    private static final String HIS_ID = "KH-2024/0815";

    private static StagingJobParameters sample(List<String> series, Long slot) {
        return new StagingJobParameters(StagingJobParameters.Kind.STAGE, "CLINICAL@127.0.0.1:14242", "MOVE",
                "RESEARCH@127.0.0.1:24242", "RPBPACS", "1.2.3.4", series, "STUDY0", "DD", "PID1", 3, slot, "stager");
    }

    @Test
    void roundTripThroughJobPropertiesKeepsEveryFieldAndSeriesList() {
        for (List<String> series : List.of(List.<String>of(), List.of("1.2.3.4.5"), List.of("1.2.3.4.5", "1.2.3.4.6"))) {
            for (Long slot : new Long[] {null, 42L}) {
                StagingJobParameters p = sample(series, slot);
                StagingJobParameters back = StagingJobParameters.of(p.toProperties());
                assertEquals(p, back);
                assertEquals(14242, back.source().port());
                assertEquals("RPBPACS", back.archive().callingAeTitle());
                assertEquals(3, back.profileVersion());
                assertEquals("DD", back.siteCode());
                assertEquals("stager", back.user());
            }
        }
        assertEquals(StagingJobParameters.STUDY0, sample(List.of(), null).target());
    }

    @Test
    void aRetryChangesOnlyTheUser() {
        StagingJobParameters p = sample(List.of("1.2.3.4.5"), 42L);
        StagingJobParameters retried = p.withUser("admin");
        assertEquals("admin", retried.user());
        assertEquals(p, retried.withUser("stager"));
        assertEquals("admin", StagingJobParameters.of(retried.toProperties()).user());
    }

    @Test
    void noKeyOrHisPatientIdIsAmongTheStoredParameters() {
        Properties p = sample(List.of(), null).toProperties();
        assertTrue(p.stringPropertyNames().stream().noneMatch(n -> n.toLowerCase().contains("key")
                || n.toLowerCase().contains("his") || n.toLowerCase().contains("expected")), p.toString());
        assertTrue(p.values().stream().noneMatch(HIS_ID::equals), p.toString());
    }

    @Test
    void invalidParametersAreRefusedNamingTheField() {
        Properties p = sample(List.of(), null).toProperties();
        p.setProperty("method", "PUSH");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StagingJobParameters.of(p));
        assertTrue(e.getMessage().contains("method"), e.getMessage());
        Properties q = sample(List.of(), null).toProperties();
        q.setProperty("sourceNode", "no-port");
        assertThrows(IllegalArgumentException.class, () -> StagingJobParameters.of(q));
        Properties r = sample(List.of(), null).toProperties();
        r.remove("siteCode");
        e = assertThrows(IllegalArgumentException.class, () -> StagingJobParameters.of(r));
        assertTrue(e.getMessage().contains("siteCode"), e.getMessage());
        // a job runs as its user: without one it could only run as nobody
        Properties u = sample(List.of(), null).toProperties();
        u.remove("user");
        e = assertThrows(IllegalArgumentException.class, () -> StagingJobParameters.of(u));
        assertTrue(e.getMessage().contains("user"), e.getMessage());
        // parameters of a job of the previous module version (no kind, no site) are refused, not guessed
        Properties old = sample(List.of(), null).toProperties();
        old.remove("kind");
        assertThrows(IllegalArgumentException.class, () -> StagingJobParameters.of(old));
    }
}
