package org.rpb.pacs.deident.profile;

/**
 * The options of PS3.15 Annex E that change the basic profile through their own column of Table E.1-1,
 * each with its code from CID 7050 (coding scheme DCM) written into De-identification Method Code
 * Sequence (0012,0064) when applied.
 */
public enum Option {
    /** Retain Safe Private Option (113111): keep private attributes that the safe list names. */
    RETAIN_SAFE_PRIVATE("rtnSafePrivOpt", "113111", "Retain Safe Private Option", "RetainSafePrivate"),
    /** Retain UIDs Option (113110). */
    RETAIN_UIDS("rtnUIDsOpt", "113110", "Retain UIDs Option", "RetainUIDs"),
    /** Retain Device Identity Option (113109). */
    RETAIN_DEVICE_IDENTITY("rtnDevIdOpt", "113109", "Retain Device Identity Option", "RetainDeviceIdentity"),
    /** Retain Institution Identity Option (113112). */
    RETAIN_INSTITUTION_IDENTITY("rtnInstIdOpt", "113112", "Retain Institution Identity Option",
            "RetainInstitutionIdentity"),
    /** Retain Patient Characteristics Option (113108). */
    RETAIN_PATIENT_CHARACTERISTICS("rtnPatCharsOpt", "113108", "Retain Patient Characteristics Option",
            "RetainPatientCharacteristics"),
    /** Retain Longitudinal Temporal Information with Full Dates Option (113106): dates kept as they are. */
    RETAIN_LONGITUDINAL_FULL_DATES("rtnLongFullDatesOpt", "113106",
            "Retain Longitudinal Temporal Information Full Dates Option", "RetainLongitudinalFullDates"),
    /** Retain Longitudinal Temporal Information with Modified Dates Option (113107): dates shifted. */
    RETAIN_LONGITUDINAL_MODIFIED_DATES("rtnLongModifDatesOpt", "113107",
            "Retain Longitudinal Temporal Information Modified Dates Option", "RetainLongitudinalModifiedDates"),
    /** Clean Descriptors Option (113105). */
    CLEAN_DESCRIPTORS("cleanDescOpt", "113105", "Clean Descriptors Option", "CleanDescriptors"),
    /** Clean Structured Content Option (113104). */
    CLEAN_STRUCTURED_CONTENT("cleanStructContOpt", "113104", "Clean Structured Content Option",
            "CleanStructuredContent"),
    /** Clean Graphics Option (113103). */
    CLEAN_GRAPHICS("cleanGraphOpt", "113103", "Clean Graphics Option", "CleanGraphics");

    /** Code value of the Basic Application Confidentiality Profile in CID 7050. */
    public static final String BASIC_PROFILE_CODE = "113100";
    /** Code meaning of the Basic Application Confidentiality Profile in CID 7050. */
    public static final String BASIC_PROFILE_MEANING = "Basic Application Confidentiality Profile";
    /** Code value of the Clean Pixel Data Option, added when burned-in text was masked. */
    public static final String CLEAN_PIXEL_DATA_CODE = "113101";
    /** Code meaning of the Clean Pixel Data Option. */
    public static final String CLEAN_PIXEL_DATA_MEANING = "Clean Pixel Data Option";

    private final String column;
    private final String code;
    private final String meaning;
    private final String cliName;

    Option(String column, String code, String meaning, String cliName) {
        this.column = column;
        this.code = code;
        this.meaning = meaning;
        this.cliName = cliName;
    }

    /** @return the key of this option's column in the Table E.1-1 JSON */
    public String column() {
        return column;
    }

    /** @return the CID 7050 code value */
    public String code() {
        return code;
    }

    /** @return the CID 7050 code meaning */
    public String meaning() {
        return meaning;
    }

    /** @return the name used on the command line, e.g. {@code RetainSafePrivate} */
    public String cliName() {
        return cliName;
    }

    /**
     * Finds an option by its command-line name (case-insensitive).
     *
     * @param name e.g. {@code RetainUIDs}
     * @return the option
     * @throws IllegalArgumentException naming the valid names when {@code name} is unknown
     */
    public static Option fromCliName(String name) {
        for (Option o : values()) {
            if (o.cliName.equalsIgnoreCase(name)) {
                return o;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Option o : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(o.cliName);
        }
        throw new IllegalArgumentException("unknown option '" + name + "' (valid: " + sb + ")");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
