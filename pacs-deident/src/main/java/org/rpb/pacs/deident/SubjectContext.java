package org.rpb.pacs.deident;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the caller knows about the subject whose files are de-identified: the new identity, the clinical trial
 * attributes, the patient the files are expected to belong to, and values for rule templates. Immutable; build
 * with {@link #builder(String, String)}.
 *
 * <pre>{@code
 * SubjectContext ctx = SubjectContext.builder("PID-0042", "PID-0042")
 *         .expectedPatientId("123456")          // refuse files of another patient
 *         .trialSponsor("RPB").trialProtocolId("STUDY-7").trialSiteId("DD")
 *         .trialSubjectId("S-0042").trialTimePoint("BASELINE")
 *         .studyCode("STUDY-7")
 *         .build();
 * }</pre>
 */
public final class SubjectContext {

    private final String patientId;
    private final String patientName;
    private final String expectedPatientId;
    private final String expectedIssuer;
    private final String sponsor;
    private final String protocolId;
    private final String protocolName;
    private final String siteId;
    private final String siteName;
    private final String subjectId;
    private final String timePointId;
    private final String timePointDescription;
    private final String studyCode;
    private final Map<String, String> values;

    private SubjectContext(Builder b) {
        this.patientId = b.patientId;
        this.patientName = b.patientName;
        this.expectedPatientId = b.expectedPatientId;
        this.expectedIssuer = b.expectedIssuer;
        this.sponsor = b.sponsor;
        this.protocolId = b.protocolId;
        this.protocolName = b.protocolName;
        this.siteId = b.siteId;
        this.siteName = b.siteName;
        this.subjectId = b.subjectId;
        this.timePointId = b.timePointId;
        this.timePointDescription = b.timePointDescription;
        this.studyCode = b.studyCode;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
    }

    /**
     * @param patientId the new Patient ID (the PID or the project's subject ID)
     * @param patientName the new Patient's Name
     * @return a builder
     */
    public static Builder builder(String patientId, String patientName) {
        return new Builder(patientId, patientName);
    }

    /** @return the new Patient ID */
    public String patientId() {
        return patientId;
    }

    /** @return the new Patient's Name */
    public String patientName() {
        return patientName;
    }

    /** @return the original Patient ID every file must carry, or null to accept the first file's patient */
    public String expectedPatientId() {
        return expectedPatientId;
    }

    /** @return the original Issuer of Patient ID expected, or null */
    public String expectedIssuer() {
        return expectedIssuer;
    }

    /** @return Clinical Trial Sponsor Name (0012,0010), or null */
    public String sponsor() {
        return sponsor;
    }

    /** @return Clinical Trial Protocol ID (0012,0020), or null */
    public String protocolId() {
        return protocolId;
    }

    /** @return Clinical Trial Protocol Name (0012,0021), or null */
    public String protocolName() {
        return protocolName;
    }

    /** @return Clinical Trial Site ID (0012,0030), or null */
    public String siteId() {
        return siteId;
    }

    /** @return Clinical Trial Site Name (0012,0031), or null */
    public String siteName() {
        return siteName;
    }

    /** @return Clinical Trial Subject ID (0012,0040), or null */
    public String subjectId() {
        return subjectId;
    }

    /** @return Clinical Trial Time Point ID (0012,0050), or null */
    public String timePointId() {
        return timePointId;
    }

    /** @return Clinical Trial Time Point Description (0012,0051), or null */
    public String timePointDescription() {
        return timePointDescription;
    }

    /** @return the project's study code for rule templates, or null */
    public String studyCode() {
        return studyCode;
    }

    /** @return extra values for rule templates ({@code ${ctx.NAME}}) */
    public Map<String, String> values() {
        return values;
    }

    /**
     * The same context with another expected patient (used by batches that learn the patient from the first
     * file).
     *
     * @param id the original Patient ID
     * @param issuer the original Issuer of Patient ID, or null
     * @return a new context
     */
    public SubjectContext withExpectedPatient(String id, String issuer) {
        Builder b = toBuilder();
        b.expectedPatientId = id;
        b.expectedIssuer = issuer;
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder(patientId, patientName);
        b.expectedPatientId = expectedPatientId;
        b.expectedIssuer = expectedIssuer;
        b.sponsor = sponsor;
        b.protocolId = protocolId;
        b.protocolName = protocolName;
        b.siteId = siteId;
        b.siteName = siteName;
        b.subjectId = subjectId;
        b.timePointId = timePointId;
        b.timePointDescription = timePointDescription;
        b.studyCode = studyCode;
        b.values.putAll(values);
        return b;
    }

    /** Builder of a {@link SubjectContext}. */
    public static final class Builder {
        private final String patientId;
        private final String patientName;
        private String expectedPatientId;
        private String expectedIssuer;
        private String sponsor;
        private String protocolId;
        private String protocolName;
        private String siteId;
        private String siteName;
        private String subjectId;
        private String timePointId;
        private String timePointDescription;
        private String studyCode;
        private final Map<String, String> values = new LinkedHashMap<>();

        private Builder(String patientId, String patientName) {
            this.patientId = Objects.requireNonNull(patientId, "patientId");
            this.patientName = Objects.requireNonNull(patientName, "patientName");
        }

        /** @param v the original Patient ID every file must carry @return this */
        public Builder expectedPatientId(String v) {
            expectedPatientId = v;
            return this;
        }

        /** @param v the original Issuer of Patient ID expected @return this */
        public Builder expectedIssuer(String v) {
            expectedIssuer = v;
            return this;
        }

        /** @param v Clinical Trial Sponsor Name @return this */
        public Builder trialSponsor(String v) {
            sponsor = v;
            return this;
        }

        /** @param v Clinical Trial Protocol ID @return this */
        public Builder trialProtocolId(String v) {
            protocolId = v;
            return this;
        }

        /** @param v Clinical Trial Protocol Name @return this */
        public Builder trialProtocolName(String v) {
            protocolName = v;
            return this;
        }

        /** @param v Clinical Trial Site ID @return this */
        public Builder trialSiteId(String v) {
            siteId = v;
            return this;
        }

        /** @param v Clinical Trial Site Name @return this */
        public Builder trialSiteName(String v) {
            siteName = v;
            return this;
        }

        /** @param v Clinical Trial Subject ID @return this */
        public Builder trialSubjectId(String v) {
            subjectId = v;
            return this;
        }

        /** @param v Clinical Trial Time Point ID @return this */
        public Builder trialTimePoint(String v) {
            timePointId = v;
            return this;
        }

        /** @param v Clinical Trial Time Point Description @return this */
        public Builder trialTimePointDescription(String v) {
            timePointDescription = v;
            return this;
        }

        /** @param v the project's study code for rule templates @return this */
        public Builder studyCode(String v) {
            studyCode = v;
            return this;
        }

        /**
         * @param name a name usable as {@code ${ctx.name}} in rule templates
         * @param value its value
         * @return this
         */
        public Builder value(String name, String value) {
            values.put(name, value);
            return this;
        }

        /** @return the context */
        public SubjectContext build() {
            return new SubjectContext(this);
        }
    }
}
