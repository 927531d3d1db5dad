package org.rpb.pacs.job;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.rpb.pacs.core.net.PacsNode;

/**
 * The parameters of a job, whatever its kind: they are its identity and its scope. Every step of the job works
 * in this study and site, as this user, for this subject, with this profile version, never with a user's current
 * active study. They are stored in the batch job repository (which the server's management model also shows),
 * so they hold codes, nodes (address, calling AE title, timeouts), UIDs, the PID and the user's name, never a key,
 * a HIS patient ID or a file name. {@link #toProperties()} and {@link #of(Properties)} are the one place that maps
 * them to and from the batch job parameters.
 *
 * @param type what the job does
 * @param jobId the job's row (its one ID)
 * @param studyCode the portal study the job belongs to (Study0, or the project)
 * @param siteCode the site it belongs to
 * @param user the user it runs as: who started it or retried it last, also when it is resumed after a server stop
 * @param pid the subject's PID
 * @param slotId the upload slot the job fills once verified (required for uploads), or {@code null}
 * @param profileVersion the version of the study's de-identification profile the job uses, 0 for the defaults;
 *        a retry or resume keeps it
 * @param studyInstanceUid the source study of a staging or copy job, {@code null} for an upload
 * @param seriesInstanceUids the chosen source series, empty for all
 * @param source the PACS a staging or copy job retrieves from, {@code null} for an upload
 * @param method how it retrieves, {@code null} for an upload
 * @param archive the research PACS the job stores into (for an upload, the one configured when it was started)
 * @param replace whether an upload may replace the study its slot holds
 */
public record JobParameters(JobType type, long jobId, String studyCode, String siteCode, String user, String pid,
        Long slotId, int profileVersion, String studyInstanceUid, List<String> seriesInstanceUids, PacsNode source,
        Method method, PacsNode archive, boolean replace) {

    /** The target code of Study0 copies in the module's copy records, whatever the portal calls its Study0. */
    public static final String STUDY0 = "STUDY0";

    /** How a staging or copy job retrieves from its source. */
    public enum Method {
        /** C-MOVE to the module's receiver. */
        MOVE,
        /** C-GET. */
        GET
    }

    /** Validates the fields. */
    public JobParameters {
        if (type == null) {
            throw new IllegalArgumentException("type must be UPLOAD, STAGE or COPY");
        }
        for (String[] f : new String[][] {{"studyCode", studyCode}, {"siteCode", siteCode}, {"user", user},
            {"pid", pid}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new IllegalArgumentException(f[0] + " must not be empty");
            }
        }
        if (profileVersion < 0) {
            throw new IllegalArgumentException("profileVersion must not be negative");
        }
        seriesInstanceUids = List.copyOf(seriesInstanceUids);
        if (archive == null) {
            throw new IllegalArgumentException("a job needs its research PACS (archive)");
        }
        if (type == JobType.UPLOAD) {
            if (slotId == null) {
                throw new IllegalArgumentException("an upload needs its slot");
            }
        } else if (source == null || method == null || studyInstanceUid == null
                || studyInstanceUid.isBlank()) {
            throw new IllegalArgumentException("a " + type + " job needs its source, method, archive and study");
        }
    }

    /**
     * @param replacing whether the upload may replace its slot's study
     * @return these parameters with that choice
     */
    public JobParameters withReplace(boolean replacing) {
        return new JobParameters(type, jobId, studyCode, siteCode, user, pid, slotId, profileVersion, studyInstanceUid,
                seriesInstanceUids, source, method, archive, replacing);
    }

    /**
     * @param node the research PACS to store into
     * @return these parameters with that research PACS
     */
    public JobParameters withArchive(PacsNode node) {
        return new JobParameters(type, jobId, studyCode, siteCode, user, pid, slotId, profileVersion,
                studyInstanceUid, seriesInstanceUids, source, method, node, replace);
    }

    /**
     * @param retryingUser the user who retries or resumes the job
     * @return the same parameters with that user as the job's user (a retry runs as whoever retries)
     */
    public JobParameters withUser(String retryingUser) {
        return new JobParameters(type, jobId, studyCode, siteCode, retryingUser, pid, slotId, profileVersion,
                studyInstanceUid, seriesInstanceUids, source, method, archive, replace);
    }

    /** @return the job's key in the lease table of the cluster ({@link org.rpb.pacs.job.lease}): its ID */
    public String leaseKey() {
        return Long.toString(jobId);
    }

    /** @return {@value #STUDY0} for a Study0 copy, else the study's code (as the module's copy records name it) */
    public String target() {
        return type == JobType.STAGE ? STUDY0 : studyCode;
    }

    /** @return the job parameters as the job operator takes them */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("type", type.name());
        p.setProperty("jobId", Long.toString(jobId));
        p.setProperty("studyCode", studyCode);
        p.setProperty("siteCode", siteCode);
        p.setProperty("user", user);
        p.setProperty("pid", pid);
        p.setProperty("slotId", slotId == null ? "" : slotId.toString());
        p.setProperty("profileVersion", Integer.toString(profileVersion));
        p.setProperty("replace", Boolean.toString(replace));
        putNode(p, "archive", archive);
        if (type != JobType.UPLOAD) {
            p.setProperty("studyInstanceUid", studyInstanceUid);
            p.setProperty("seriesInstanceUids", String.join("\\", seriesInstanceUids));
            putNode(p, "source", source);
            p.setProperty("method", method.name());
        }
        return p;
    }

    /**
     * @param p the parameters of a job execution
     * @return them, validated
     * @throws IllegalArgumentException if one is missing or invalid (also for jobs of an older module version)
     */
    public static JobParameters of(Properties p) {
        JobType type;
        long jobId;
        int version;
        try {
            type = JobType.valueOf(String.valueOf(p.getProperty("type")));
            jobId = Long.parseLong(String.valueOf(p.getProperty("jobId")));
            version = Integer.parseInt(String.valueOf(p.getProperty("profileVersion")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not the parameters of a job of this module version", e);
        }
        String slot = p.getProperty("slotId", "");
        Long slotId = slot.isEmpty() ? null : Long.valueOf(slot);
        boolean replace = Boolean.parseBoolean(p.getProperty("replace"));
        PacsNode archive = node(p, "archive");
        if (type == JobType.UPLOAD) {
            return new JobParameters(type, jobId, p.getProperty("studyCode"), p.getProperty("siteCode"),
                    p.getProperty("user"), p.getProperty("pid"), slotId, version, null, List.of(), null, null, archive,
                    replace);
        }
        String series = p.getProperty("seriesInstanceUids", "");
        Method method;
        try {
            method = Method.valueOf(String.valueOf(p.getProperty("method")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("method must be MOVE or GET, not " + p.getProperty("method"), e);
        }
        return new JobParameters(type, jobId, p.getProperty("studyCode"), p.getProperty("siteCode"),
                p.getProperty("user"), p.getProperty("pid"), slotId, version, p.getProperty("studyInstanceUid"),
                series.isEmpty() ? List.of() : Arrays.asList(series.split("\\\\")),
                node(p, "source"),
                method, archive, replace);
    }

    /** A node as {@code <name>Node} (its address), {@code <name>CallingAeTitle} and its two timeouts in ms. */
    private static void putNode(Properties p, String name, PacsNode node) {
        p.setProperty(name + "Node", node.describe());
        p.setProperty(name + "CallingAeTitle", node.callingAeTitle());
        p.setProperty(name + "ConnectTimeoutMs", Long.toString(node.connectTimeout().toMillis()));
        p.setProperty(name + "ResponseTimeoutMs", Long.toString(node.responseTimeout().toMillis()));
    }

    /** The node {@link #putNode} stored; the default timeouts for a job submitted before they were stored. */
    private static PacsNode node(Properties p, String name) {
        PacsNode node = PacsNode.parse(String.valueOf(p.getProperty(name + "Node")),
                p.getProperty(name + "CallingAeTitle"));
        return node.toBuilder().connectTimeout(millis(p, name + "ConnectTimeoutMs", node.connectTimeout()))
                .responseTimeout(millis(p, name + "ResponseTimeoutMs", node.responseTimeout())).build();
    }

    private static Duration millis(Properties p, String key, Duration absent) {
        String v = p.getProperty(key);
        if (v == null) {
            return absent;
        }
        try {
            long ms = Long.parseLong(v);
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(key + " must be a positive number of milliseconds, not '" + v + "'");
    }
}
