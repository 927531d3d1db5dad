package org.rpb.pacs.it.bench;

import java.io.File;

import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.rpb.pacs.it.support.Deployments;

/**
 * Writes the cohort benchmark's deployment: the module's EAR as the build made it (system property
 * {@code pacs.ear}) plus a WAR with {@link CohortDriverServlet}, as the restart tests deploy theirs.
 */
public final class CohortEar {

    private CohortEar() {
    }

    /** @param args the EAR to write */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CohortEar <ear to write>");
        }
        Deployments.earWithTests(CohortDriverServlet.class).as(ZipExporter.class).exportTo(new File(args[0]), true);
    }
}
