package org.rpb.pacs.staging.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StagingJobParametersTest {

    private static StagingJobParameters sample(List<String> series) {
        return new StagingJobParameters("CLINICAL@127.0.0.1:14242", "MOVE", "RESEARCH@127.0.0.1:24242", "RPBPACS",
                "1.2.3.4", series, StagingJobParameters.STUDY0, "PID1", "KH-2024/0815");
    }

    @Test
    void roundTripThroughJobPropertiesKeepsEveryFieldAndSeriesList() {
        for (List<String> series : List.of(List.<String>of(), List.of("1.2.3.4.5"), List.of("1.2.3.4.5", "1.2.3.4.6"))) {
            StagingJobParameters p = sample(series);
            StagingJobParameters back = StagingJobParameters.of(p.toProperties());
            assertEquals(p, back);
            assertEquals(14242, back.source().port());
            assertEquals("RPBPACS", back.archive().callingAeTitle());
        }
    }

    @Test
    void noKeyOrSecretIsAmongTheStoredParameters() {
        Properties p = sample(List.of()).toProperties();
        assertTrue(p.stringPropertyNames().stream().noneMatch(n -> n.toLowerCase().contains("key")), p.toString());
    }

    @Test
    void invalidParametersAreRefusedNamingTheField() {
        Properties p = sample(List.of()).toProperties();
        p.setProperty("method", "PUSH");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StagingJobParameters.of(p));
        assertTrue(e.getMessage().contains("method"), e.getMessage());
        Properties q = sample(List.of()).toProperties();
        q.setProperty("sourceNode", "no-port");
        assertThrows(IllegalArgumentException.class, () -> StagingJobParameters.of(q));
        Properties r = sample(List.of()).toProperties();
        r.remove("subjectId");
        e = assertThrows(IllegalArgumentException.class, () -> StagingJobParameters.of(r));
        assertTrue(e.getMessage().contains("subjectId"), e.getMessage());
    }
}
