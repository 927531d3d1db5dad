package org.rpb.pacs.staging.job;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.rpb.pacs.core.net.PacsNode;

/**
 * The parameters of the {@value #JOB_NAME} batch job. They are stored in the job repository (which the
 * server's management model also shows), so they hold node addresses, UIDs, the study and site the job
 * belongs to, the subject's PID, the profile version and the job's user, never a key and never the HIS
 * patient ID: the job looks that up in Study0 through the portal when it runs.
 *
 * @param kind {@link Kind#STAGE} (clinical PACS to a Study0 copy) or {@link Kind#COPY} (Study0 copy to a
 *        project copy)
 * @param sourceNode the PACS to copy from, as {@code AET@host:port}
 * @param method {@code MOVE} (to the module's receiver) or {@code GET}
 * @param archiveNode the research PACS, as {@code AET@host:port}
 * @param callingAeTitle our AE title towards both nodes
 * @param studyInstanceUid the source study
 * @param seriesInstanceUids the chosen series, empty for the whole study
 * @param studyCode the portal study the copy belongs to (Study0, or the project)
 * @param siteCode the site the job was started at
 * @param pid the subject's PID
 * @param profileVersion the version of the study's de-identification profile the job uses, 0 for the
 *        defaults; a retry or restart keeps it
 * @param slotId the upload slot the copy fills once verified, or {@code null}
 * @param user the name of the user who started the job or retried it last: the job runs as that user, so every
 *        role and scope check of the job is that user's, also when {@link StagingRecovery} resumes the job after a
 *        server stop, where no user is logged in
 */
public record StagingJobParameters(Kind kind, String sourceNode, String method, String archiveNode,
        String callingAeTitle, String studyInstanceUid, List<String> seriesInstanceUids, String studyCode,
        String siteCode, String pid, int profileVersion, Long slotId, String user) {

    /** The job's name (META-INF/batch-jobs/pacs-staging.xml). */
    public static final String JOB_NAME = "pacs-staging";
    /** The target code of Study0 copies, whatever the portal calls its Study0. */
    public static final String STUDY0 = "STUDY0";

    /** What a job makes. */
    public enum Kind {
        /** A Study0 copy of a clinical study. */
        STAGE,
        /** A project copy of a Study0 copy. */
        COPY
    }

    /** Validates the fields. */
    public StagingJobParameters {
        if (kind == null) {
            throw new IllegalArgumentException("kind must be STAGE or COPY");
        }
        PacsNode.parse(sourceNode, callingAeTitle);
        PacsNode.parse(archiveNode, callingAeTitle);
        if (!"MOVE".equals(method) && !"GET".equals(method)) {
            throw new IllegalArgumentException("method must be MOVE or GET, not " + method);
        }
        seriesInstanceUids = List.copyOf(seriesInstanceUids);
        for (String[] f : new String[][] {{"studyInstanceUid", studyInstanceUid}, {"studyCode", studyCode},
            {"siteCode", siteCode}, {"pid", pid}, {"user", user}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new IllegalArgumentException(f[0] + " must not be empty");
            }
        }
        if (profileVersion < 0) {
            throw new IllegalArgumentException("profileVersion must not be negative");
        }
    }

    /** @return the job parameters as the job operator takes them */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("kind", kind.name());
        p.setProperty("sourceNode", sourceNode);
        p.setProperty("method", method);
        p.setProperty("archiveNode", archiveNode);
        p.setProperty("callingAeTitle", callingAeTitle);
        p.setProperty("studyInstanceUid", studyInstanceUid);
        p.setProperty("seriesInstanceUids", String.join("\\", seriesInstanceUids));
        p.setProperty("studyCode", studyCode);
        p.setProperty("siteCode", siteCode);
        p.setProperty("pid", pid);
        p.setProperty("profileVersion", Integer.toString(profileVersion));
        p.setProperty("slotId", slotId == null ? "" : slotId.toString());
        p.setProperty("user", user);
        return p;
    }

    /**
     * @param retryingUser the user who retries the job
     * @return the same parameters with that user as the job's user (a retry runs as whoever retries)
     */
    public StagingJobParameters withUser(String retryingUser) {
        return new StagingJobParameters(kind, sourceNode, method, archiveNode, callingAeTitle, studyInstanceUid,
                seriesInstanceUids, studyCode, siteCode, pid, profileVersion, slotId, retryingUser);
    }

    /**
     * @param p the parameters of a job execution
     * @return them, validated
     * @throws IllegalArgumentException if one is missing or invalid (also for jobs of an older module version,
     *         which had no site or no user)
     */
    public static StagingJobParameters of(Properties p) {
        String series = p.getProperty("seriesInstanceUids", "");
        String slot = p.getProperty("slotId", "");
        Kind kind;
        int version;
        try {
            kind = Kind.valueOf(String.valueOf(p.getProperty("kind")));
            version = Integer.parseInt(String.valueOf(p.getProperty("profileVersion")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not the parameters of a staging job of this module version", e);
        }
        return new StagingJobParameters(kind, p.getProperty("sourceNode"), p.getProperty("method"),
                p.getProperty("archiveNode"), p.getProperty("callingAeTitle"), p.getProperty("studyInstanceUid"),
                series.isEmpty() ? List.of() : Arrays.asList(series.split("\\\\")), p.getProperty("studyCode"),
                p.getProperty("siteCode"), p.getProperty("pid"), version, slot.isEmpty() ? null : Long.valueOf(slot),
                p.getProperty("user"));
    }

    /** @return {@value #STUDY0} for a Study0 copy, else the project's code (as the module's copy records name it) */
    public String target() {
        return kind == Kind.STAGE ? STUDY0 : studyCode;
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
