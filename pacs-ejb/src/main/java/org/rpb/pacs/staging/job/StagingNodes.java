package org.rpb.pacs.staging.job;

import jakarta.enterprise.context.ApplicationScoped;

import org.rpb.pacs.receiver.ModuleReceiver;

/**
 * The clinical and research PACS of staging jobs, as {@code AET@host:port}, from the system
 * properties {@code pacs.clinical.node} and {@code pacs.research.node} (defaults: the demo's two
 * Orthanc, {@code CLINICAL@127.0.0.1:14242} and {@code RESEARCH@127.0.0.1:24242}); our calling AE title
 * is the receiver's ({@code pacs.receiver.aet}, default RPBPACS). The module's node configuration
 * replaces it when wired.
 */
@ApplicationScoped
public class StagingNodes {

    /** @return the clinical PACS */
    public String clinical() {
        return System.getProperty("pacs.clinical.node", "CLINICAL@127.0.0.1:14242");
    }

    /** @return the research PACS */
    public String research() {
        return System.getProperty("pacs.research.node", "RESEARCH@127.0.0.1:24242");
    }

    /** @return our AE title towards both */
    public String callingAeTitle() {
        return System.getProperty("pacs.receiver.aet", ModuleReceiver.DEFAULT_AE);
    }
}
