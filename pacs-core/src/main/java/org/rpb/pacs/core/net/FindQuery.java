package org.rpb.pacs.core.net;

import org.rpb.pacs.core.dict.Tags;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A C-FIND / C-MOVE / C-GET identifier: the level, the matching keys and the return keys.
 *
 * <p>Immutable; built with {@link #builder(QueryLevel)}. The typed setters cover the usual matching
 * keys; {@link Builder#key(int, String)} adds any other attribute (an empty value makes it a
 * return key). Each level adds the return keys its result record needs.
 */
public final class FindQuery {
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final QueryLevel level;
    private final Map<Integer, String> keys;

    private FindQuery(QueryLevel level, Map<Integer, String> keys) {
        this.level = level;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** @return the query/retrieve level */
    public QueryLevel level() {
        return level;
    }

    /** @return tag to value, in insertion order; empty values are return keys */
    public Map<Integer, String> keys() {
        return keys;
    }

    /** @return the matching value for a tag, or null if the tag is not in the identifier */
    public String value(int tag) {
        return keys.get(tag);
    }

    /** @return a builder at this level with this query's keys */
    public Builder toBuilder() {
        Builder b = new Builder(level);
        b.keys.putAll(keys);
        return b;
    }

    /**
     * @param level the query/retrieve level
     * @return a builder that already holds the return keys of that level
     */
    public static Builder builder(QueryLevel level) {
        return new Builder(level);
    }

    @Override
    public String toString() {
        return "FindQuery[" + level + ", " + keys.size() + " keys]";
    }

    /** Builder of {@link FindQuery}. */
    public static final class Builder {
        private final QueryLevel level;
        private final Map<Integer, String> keys = new LinkedHashMap<>();

        private Builder(QueryLevel level) {
            this.level = Objects.requireNonNull(level, "level");
            int[] returnKeys;
            switch (level) {
                case PATIENT:
                    returnKeys = new int[] {Tags.PatientID.value(), Tags.PatientName.value(), Tags.PatientBirthDate.value(),
                        Tags.PatientSex.value(), Tags.NumberOfPatientRelatedStudies.value()};
                    break;
                case STUDY:
                    returnKeys = new int[] {Tags.PatientID.value(), Tags.PatientName.value(), Tags.PatientBirthDate.value(),
                        Tags.StudyInstanceUID.value(), Tags.StudyDate.value(), Tags.StudyTime.value(), Tags.AccessionNumber.value(),
                        Tags.StudyID.value(), Tags.StudyDescription.value(), Tags.ModalitiesInStudy.value(),
                        Tags.NumberOfStudyRelatedSeries.value(), Tags.NumberOfStudyRelatedInstances.value()};
                    break;
                case SERIES:
                    returnKeys = new int[] {Tags.StudyInstanceUID.value(), Tags.SeriesInstanceUID.value(), Tags.Modality.value(),
                        Tags.SeriesNumber.value(), Tags.SeriesDescription.value(), Tags.NumberOfSeriesRelatedInstances.value()};
                    break;
                default:
                    returnKeys = new int[] {Tags.StudyInstanceUID.value(), Tags.SeriesInstanceUID.value(),
                        Tags.SOPInstanceUID.value(), Tags.SOPClassUID.value(), Tags.InstanceNumber.value()};
            }
            for (int t : returnKeys) {
                keys.put(t, "");
            }
        }

        /**
         * Adds or replaces any key.
         *
         * @param tag   the attribute tag
         * @param value the matching value (DICOM matching syntax: wildcards, ranges, UID lists), or "" for a return key
         * @return this
         */
        public Builder key(int tag, String value) {
            if (tag == Tags.QueryRetrieveLevel.value()) {
                throw new IllegalArgumentException("the level is set by the builder, not as a key");
            }
            keys.put(tag, value == null ? "" : value);
            return this;
        }

        /**
         * Drops a default return key (one with no matching value), so that the peer need not produce it: a
         * PACS such as Orthanc reads every matching file from disk for an attribute its index does not hold
         * (the SOP Class UID of each instance), which a check of SOP Instance UIDs does not need.
         *
         * @param tag the attribute tag
         * @return this
         */
        public Builder withoutReturnKey(int tag) {
            keys.remove(tag, "");
            return this;
        }

        /** @param v patient ID (exact) @return this */
        public Builder patientId(String v) { return key(Tags.PatientID.value(), v); }
        /** @param v patient name, may use {@code *} and {@code ?} @return this */
        public Builder patientName(String v) { return key(Tags.PatientName.value(), v); }
        /** @param v birth date @return this */
        public Builder birthDate(LocalDate v) { return key(Tags.PatientBirthDate.value(), v == null ? "" : DA.format(v)); }
        /** @param v accession number @return this */
        public Builder accessionNumber(String v) { return key(Tags.AccessionNumber.value(), v); }
        /** @param v modality (series level) @return this */
        public Builder modality(String v) { return key(Tags.Modality.value(), v); }
        /** @param v modality at study level (Modalities in Study) @return this */
        public Builder modalitiesInStudy(String v) { return key(Tags.ModalitiesInStudy.value(), v); }
        /** @param v Study Instance UID(s), several separated by backslash @return this */
        public Builder studyInstanceUid(String v) { return key(Tags.StudyInstanceUID.value(), v); }
        /** @param v Series Instance UID(s) @return this */
        public Builder seriesInstanceUid(String v) { return key(Tags.SeriesInstanceUID.value(), v); }
        /** @param v SOP Instance UID(s) @return this */
        public Builder sopInstanceUid(String v) { return key(Tags.SOPInstanceUID.value(), v); }

        /**
         * Study date range; either end may be null for an open range.
         *
         * @param from first day, inclusive, or null
         * @param to   last day, inclusive, or null
         * @return this
         */
        public Builder studyDate(LocalDate from, LocalDate to) {
            if (from == null && to == null) {
                return key(Tags.StudyDate.value(), "");
            }
            if (from != null && to != null && from.isAfter(to)) {
                throw new IllegalArgumentException("study date range: " + from + " is after " + to);
            }
            String value = from != null && from.equals(to) ? DA.format(from)
                    : (from == null ? "" : DA.format(from)) + "-" + (to == null ? "" : DA.format(to));
            return key(Tags.StudyDate.value(), value);
        }

        /** @return the query */
        public FindQuery build() {
            return new FindQuery(level, keys);
        }
    }
}
