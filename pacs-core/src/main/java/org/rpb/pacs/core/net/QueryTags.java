package org.rpb.pacs.core.net;

/** Tags of the attributes the query and retrieve API uses, as 32-bit {@code ggggeeee} values. */
public final class QueryTags {
    public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    public static final int SOP_CLASS_UID = 0x00080016;
    public static final int SOP_INSTANCE_UID = 0x00080018;
    public static final int STUDY_DATE = 0x00080020;
    public static final int STUDY_TIME = 0x00080030;
    public static final int ACCESSION_NUMBER = 0x00080050;
    public static final int QUERY_RETRIEVE_LEVEL = 0x00080052;
    public static final int MODALITY = 0x00080060;
    public static final int MODALITIES_IN_STUDY = 0x00080061;
    public static final int STUDY_DESCRIPTION = 0x00081030;
    public static final int SERIES_DESCRIPTION = 0x0008103E;
    public static final int PATIENT_NAME = 0x00100010;
    public static final int PATIENT_ID = 0x00100020;
    public static final int PATIENT_BIRTH_DATE = 0x00100030;
    public static final int PATIENT_SEX = 0x00100040;
    public static final int STUDY_INSTANCE_UID = 0x0020000D;
    public static final int SERIES_INSTANCE_UID = 0x0020000E;
    public static final int STUDY_ID = 0x00200010;
    public static final int SERIES_NUMBER = 0x00200011;
    public static final int INSTANCE_NUMBER = 0x00200013;
    public static final int NUMBER_OF_PATIENT_RELATED_STUDIES = 0x00201200;
    public static final int NUMBER_OF_STUDY_RELATED_SERIES = 0x00201206;
    public static final int NUMBER_OF_STUDY_RELATED_INSTANCES = 0x00201208;
    public static final int NUMBER_OF_SERIES_RELATED_INSTANCES = 0x00201209;
    public static final int TRANSFER_SYNTAX_UID = 0x00020010;

    private QueryTags() {
    }
}
