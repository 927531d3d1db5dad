package org.rpb.pacs.core.data;

/**
 * The identifying header of one instance: patient, study, series and instance identifiers and descriptions,
 * modality and SOP class, as decoded text (null when absent). Immutable. Built from a data set with
 * {@link #of(DataSet)}, or read from a file without touching pixel data by
 * {@code org.rpb.pacs.core.io.DicomReader#readHeaderSummary}.
 */
public final class HeaderSummary {

    private final String patientId;
    private final String patientName;
    private final String patientBirthDate;
    private final String patientSex;
    private final String studyInstanceUid;
    private final String studyId;
    private final String studyDate;
    private final String studyTime;
    private final String studyDescription;
    private final String accessionNumber;
    private final String seriesInstanceUid;
    private final String seriesNumber;
    private final String seriesDescription;
    private final String modality;
    private final String sopClassUid;
    private final String sopInstanceUid;
    private final String instanceNumber;

    private HeaderSummary(DataSet d) {
        patientId = d.getString(Tag.of(0x00100020));
        patientName = d.getString(Tag.of(0x00100010));
        patientBirthDate = d.getString(Tag.of(0x00100030));
        patientSex = d.getString(Tag.of(0x00100040));
        studyInstanceUid = d.getString(Tag.of(0x0020000D));
        studyId = d.getString(Tag.of(0x00200010));
        studyDate = d.getString(Tag.of(0x00080020));
        studyTime = d.getString(Tag.of(0x00080030));
        studyDescription = d.getString(Tag.of(0x00081030));
        accessionNumber = d.getString(Tag.of(0x00080050));
        seriesInstanceUid = d.getString(Tag.of(0x0020000E));
        seriesNumber = d.getString(Tag.of(0x00200011));
        seriesDescription = d.getString(Tag.of(0x0008103E));
        modality = d.getString(Tag.of(0x00080060));
        sopClassUid = d.getString(Tag.of(0x00080016));
        sopInstanceUid = d.getString(Tag.of(0x00080018));
        instanceNumber = d.getString(Tag.of(0x00200013));
    }

    /** Summarises the top level of {@code dataSet}. */
    public static HeaderSummary of(DataSet dataSet) {
        return new HeaderSummary(dataSet);
    }

    /** (0010,0020) Patient ID. */
    public String patientId() { return patientId; }
    /** (0010,0010) Patient's Name, decoded. */
    public String patientName() { return patientName; }
    /** (0010,0030) Patient's Birth Date. */
    public String patientBirthDate() { return patientBirthDate; }
    /** (0010,0040) Patient's Sex. */
    public String patientSex() { return patientSex; }
    /** (0020,000D) Study Instance UID. */
    public String studyInstanceUid() { return studyInstanceUid; }
    /** (0020,0010) Study ID. */
    public String studyId() { return studyId; }
    /** (0008,0020) Study Date. */
    public String studyDate() { return studyDate; }
    /** (0008,0030) Study Time. */
    public String studyTime() { return studyTime; }
    /** (0008,1030) Study Description. */
    public String studyDescription() { return studyDescription; }
    /** (0008,0050) Accession Number. */
    public String accessionNumber() { return accessionNumber; }
    /** (0020,000E) Series Instance UID. */
    public String seriesInstanceUid() { return seriesInstanceUid; }
    /** (0020,0011) Series Number. */
    public String seriesNumber() { return seriesNumber; }
    /** (0008,103E) Series Description. */
    public String seriesDescription() { return seriesDescription; }
    /** (0008,0060) Modality. */
    public String modality() { return modality; }
    /** (0008,0016) SOP Class UID. */
    public String sopClassUid() { return sopClassUid; }
    /** (0008,0018) SOP Instance UID. */
    public String sopInstanceUid() { return sopInstanceUid; }
    /** (0020,0013) Instance Number. */
    public String instanceNumber() { return instanceNumber; }

    /** Names the instance by its UIDs only, never patient data. */
    @Override
    public String toString() {
        return "HeaderSummary[study " + studyInstanceUid + ", series " + seriesInstanceUid + ", instance "
                + sopInstanceUid + "]";
    }
}
