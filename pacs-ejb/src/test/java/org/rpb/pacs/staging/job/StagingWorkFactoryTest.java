package org.rpb.pacs.staging.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rpb.pacs.staging.StagingException;
import org.rpb.pacs.staging.StagingPipeline;

/** The pipeline's size comes from system properties; a wrong value fails the job with the property's name. */
class StagingWorkFactoryTest {

    @AfterEach
    void clear() {
        System.clearProperty(StagingWorkFactory.SPOOL_LIMIT);
    }

    @Test
    void theDefaultHoldsUntilAPositiveNumberIsGiven() throws Exception {
        assertEquals(StagingPipeline.DEFAULT_SPOOL_LIMIT,
                StagingWorkFactory.positive(StagingWorkFactory.SPOOL_LIMIT, StagingPipeline.DEFAULT_SPOOL_LIMIT));
        System.setProperty(StagingWorkFactory.SPOOL_LIMIT, " 200 ");
        assertEquals(200, StagingWorkFactory.positive(StagingWorkFactory.SPOOL_LIMIT, 500));
    }

    @Test
    void zeroOrTextIsRefusedNamingTheProperty() {
        for (String wrong : new String[] {"0", "-3", "many"}) {
            System.setProperty(StagingWorkFactory.SPOOL_LIMIT, wrong);
            StagingException e = assertThrows(StagingException.class,
                    () -> StagingWorkFactory.positive(StagingWorkFactory.SPOOL_LIMIT, 500));
            assertEquals("system property pacs.staging.spool-limit must be a whole number of at least 1, not " + wrong,
                    e.getMessage());
        }
    }
}
