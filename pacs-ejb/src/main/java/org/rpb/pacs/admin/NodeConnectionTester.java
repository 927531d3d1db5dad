package org.rpb.pacs.admin;

import org.rpb.pacs.core.dict.Tags;
import java.util.ArrayList;
import java.util.List;

import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.node.PacsNode;

/**
 * Tests a PACS node's configuration (saved or still being edited): a C-ECHO through pacs-core's
 * {@link DicomNetwork}, and where a DICOMweb URL is set, a QIDO-RS study search that matches nothing (so that no
 * patient data is fetched). Stateless.
 */
public final class NodeConnectionTester {

    /** A UID no study has: the QIDO-RS search proves the service answers without returning any study. */
    static final String NO_STUDY_UID = "2.25.1";

    /**
     * @param node the configuration to test
     * @return one check per protocol, C-ECHO first
     */
    public List<ConnectionCheck> test(PacsNode node) {
        org.rpb.pacs.core.net.PacsNode core = node.toNetworkNode();
        List<ConnectionCheck> checks = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            DicomNetwork.dimse(core).echo();
            checks.add(new ConnectionCheck("C-ECHO", true, "C-ECHO with " + core.describe() + " succeeded",
                    millis(t0)));
        } catch (DicomNetworkException e) {
            checks.add(new ConnectionCheck("C-ECHO", false, e.getMessage(), millis(t0)));
        } catch (RuntimeException e) {
            checks.add(new ConnectionCheck("C-ECHO", false, "C-ECHO with " + core.describe() + " failed: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), millis(t0)));
        }
        if (core.dicomWebBaseUrl() != null) {
            long t1 = System.nanoTime();
            try {
                int n = DicomNetwork.dicomWeb(core).searchStudies(FindQuery.builder(QueryLevel.STUDY)
                        .key(Tags.StudyInstanceUID.value(), NO_STUDY_UID).build()).size();
                checks.add(new ConnectionCheck("QIDO-RS", true, "QIDO-RS study search at " + core.dicomWebBaseUrl()
                        + " answered (" + n + " matches for a test UID)", millis(t1)));
            } catch (DicomNetworkException e) {
                checks.add(new ConnectionCheck("QIDO-RS", false, e.getMessage(), millis(t1)));
            } catch (RuntimeException e) {
                checks.add(new ConnectionCheck("QIDO-RS", false, "QIDO-RS at " + core.dicomWebBaseUrl() + " failed: "
                        + e.getClass().getSimpleName() + ": " + e.getMessage(), millis(t1)));
            }
        }
        return checks;
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
