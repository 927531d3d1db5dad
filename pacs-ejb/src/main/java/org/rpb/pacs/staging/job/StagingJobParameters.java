package org.rpb.pacs.staging.job;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.rpb.pacs.core.net.PacsNode;

/**
 * The parameters of the {@value #JOB_NAME} batch job. They are stored in the job repository, so they
 * hold node addresses, UIDs and the subject identifiers the module keeps anyway, never a key: the
 * de-identification settings are looked up by target code when the job runs.
 *
 * @param sourceNode the PACS to copy from, as {@code AET@host:port}
 * @param method {@code MOVE} (to the module's receiver) or {@code GET}
 * @param archiveNode the research PACS, as {@code AET@host:port}
 * @param callingAeTitle our AE title towards both nodes
 * @param studyInstanceUid the source study
 * @param seriesInstanceUids the chosen series, empty for the whole study
 * @param target the de-identification target: {@code STUDY0} or a project's code
 * @param subjectId the Patient ID and Name of the copy (the PID, or the project's subject identifier)
 * @param expectedPatientId the Patient ID the source data must carry (the HIS ID, or the PID)
 */
public record StagingJobParameters(String sourceNode, String method, String archiveNode, String callingAeTitle,
        String studyInstanceUid, List<String> seriesInstanceUids, String target, String subjectId,
        String expectedPatientId) {

    /** The job's name (META-INF/batch-jobs/pacs-staging.xml). */
    public static final String JOB_NAME = "pacs-staging";
    /** The target code of Study0 copies. */
    public static final String STUDY0 = "STUDY0";

    /** Validates the fields. */
    public StagingJobParameters {
        PacsNode.parse(sourceNode, callingAeTitle);
        PacsNode.parse(archiveNode, callingAeTitle);
        if (!"MOVE".equals(method) && !"GET".equals(method)) {
            throw new IllegalArgumentException("method must be MOVE or GET, not " + method);
        }
        seriesInstanceUids = List.copyOf(seriesInstanceUids);
        for (String[] f : new String[][] {{"studyInstanceUid", studyInstanceUid}, {"target", target},
            {"subjectId", subjectId}, {"expectedPatientId", expectedPatientId}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new IllegalArgumentException(f[0] + " must not be empty");
            }
        }
    }

    /** @return the job parameters as the job operator takes them */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("sourceNode", sourceNode);
        p.setProperty("method", method);
        p.setProperty("archiveNode", archiveNode);
        p.setProperty("callingAeTitle", callingAeTitle);
        p.setProperty("studyInstanceUid", studyInstanceUid);
        p.setProperty("seriesInstanceUids", String.join("\\", seriesInstanceUids));
        p.setProperty("target", target);
        p.setProperty("subjectId", subjectId);
        p.setProperty("expectedPatientId", expectedPatientId);
        return p;
    }

    /**
     * @param p the parameters of a job execution
     * @return them, validated
     * @throws IllegalArgumentException if one is missing or invalid
     */
    public static StagingJobParameters of(Properties p) {
        String series = p.getProperty("seriesInstanceUids", "");
        return new StagingJobParameters(p.getProperty("sourceNode"), p.getProperty("method"), p.getProperty("archiveNode"),
                p.getProperty("callingAeTitle"), p.getProperty("studyInstanceUid"),
                series.isEmpty() ? List.of() : Arrays.asList(series.split("\\\\")), p.getProperty("target"),
                p.getProperty("subjectId"), p.getProperty("expectedPatientId"));
    }

    /** @return the source node */
    public PacsNode source() {
        return PacsNode.parse(sourceNode, callingAeTitle);
    }

    /** @return the research PACS node */
    public PacsNode archive() {
        return PacsNode.parse(archiveNode, callingAeTitle);
    }
}
