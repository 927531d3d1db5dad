package org.rpb.pacs.core.dict;

import org.rpb.pacs.core.data.Tag;

/**
 * Frequently used tags as constants named by their PS3.6 keyword (for the others use
 * {@code Dictionary.standard().tagOf(keyword)}).
 */
public final class Tags {

    private Tags() {
    }

    /** (0008,0005) Specific Character Set, CS. */
    public static final Tag SpecificCharacterSet = Tag.of(0x00080005);
    /** (0008,0008) Image Type, CS. */
    public static final Tag ImageType = Tag.of(0x00080008);
    /** (0008,0012) Instance Creation Date, DA. */
    public static final Tag InstanceCreationDate = Tag.of(0x00080012);
    /** (0008,0013) Instance Creation Time, TM. */
    public static final Tag InstanceCreationTime = Tag.of(0x00080013);
    /** (0008,0016) SOP Class UID, UI. */
    public static final Tag SOPClassUID = Tag.of(0x00080016);
    /** (0008,0018) SOP Instance UID, UI. */
    public static final Tag SOPInstanceUID = Tag.of(0x00080018);
    /** (0008,0020) Study Date, DA. */
    public static final Tag StudyDate = Tag.of(0x00080020);
    /** (0008,0021) Series Date, DA. */
    public static final Tag SeriesDate = Tag.of(0x00080021);
    /** (0008,0022) Acquisition Date, DA. */
    public static final Tag AcquisitionDate = Tag.of(0x00080022);
    /** (0008,0023) Content Date, DA. */
    public static final Tag ContentDate = Tag.of(0x00080023);
    /** (0008,0030) Study Time, TM. */
    public static final Tag StudyTime = Tag.of(0x00080030);
    /** (0008,0031) Series Time, TM. */
    public static final Tag SeriesTime = Tag.of(0x00080031);
    /** (0008,0032) Acquisition Time, TM. */
    public static final Tag AcquisitionTime = Tag.of(0x00080032);
    /** (0008,0033) Content Time, TM. */
    public static final Tag ContentTime = Tag.of(0x00080033);
    /** (0008,0050) Accession Number, SH. */
    public static final Tag AccessionNumber = Tag.of(0x00080050);
    /** (0008,0052) Query/Retrieve Level, CS. */
    public static final Tag QueryRetrieveLevel = Tag.of(0x00080052);
    /** (0008,0061) Modalities in Study, CS. */
    public static final Tag ModalitiesInStudy = Tag.of(0x00080061);
    /** (0008,0060) Modality, CS. */
    public static final Tag Modality = Tag.of(0x00080060);
    /** (0008,0070) Manufacturer, LO. */
    public static final Tag Manufacturer = Tag.of(0x00080070);
    /** (0008,0080) Institution Name, LO. */
    public static final Tag InstitutionName = Tag.of(0x00080080);
    /** (0008,0081) Institution Address, ST. */
    public static final Tag InstitutionAddress = Tag.of(0x00080081);
    /** (0008,0090) Referring Physician's Name, PN. */
    public static final Tag ReferringPhysicianName = Tag.of(0x00080090);
    /** (0008,1010) Station Name, SH. */
    public static final Tag StationName = Tag.of(0x00081010);
    /** (0008,1030) Study Description, LO. */
    public static final Tag StudyDescription = Tag.of(0x00081030);
    /** (0008,103E) Series Description, LO. */
    public static final Tag SeriesDescription = Tag.of(0x0008103E);
    /** (0008,1040) Institutional Department Name, LO. */
    public static final Tag InstitutionalDepartmentName = Tag.of(0x00081040);
    /** (0008,1050) Performing Physician's Name, PN. */
    public static final Tag PerformingPhysicianName = Tag.of(0x00081050);
    /** (0008,1070) Operators' Name, PN. */
    public static final Tag OperatorsName = Tag.of(0x00081070);
    /** (0008,1090) Manufacturer's Model Name, LO. */
    public static final Tag ManufacturerModelName = Tag.of(0x00081090);
    /** (0008,1150) Referenced SOP Class UID, UI. */
    public static final Tag ReferencedSOPClassUID = Tag.of(0x00081150);
    /** (0008,1155) Referenced SOP Instance UID, UI. */
    public static final Tag ReferencedSOPInstanceUID = Tag.of(0x00081155);
    /** (0010,0010) Patient's Name, PN. */
    public static final Tag PatientName = Tag.of(0x00100010);
    /** (0010,0020) Patient ID, LO. */
    public static final Tag PatientID = Tag.of(0x00100020);
    /** (0010,0021) Issuer of Patient ID, LO. */
    public static final Tag IssuerOfPatientID = Tag.of(0x00100021);
    /** (0010,0030) Patient's Birth Date, DA. */
    public static final Tag PatientBirthDate = Tag.of(0x00100030);
    /** (0010,0032) Patient's Birth Time, TM. */
    public static final Tag PatientBirthTime = Tag.of(0x00100032);
    /** (0010,0040) Patient's Sex, CS. */
    public static final Tag PatientSex = Tag.of(0x00100040);
    /** (0010,1000) Other Patient IDs, LO. */
    public static final Tag OtherPatientIDs = Tag.of(0x00101000);
    /** (0010,1001) Other Patient Names, PN. */
    public static final Tag OtherPatientNames = Tag.of(0x00101001);
    /** (0010,1010) Patient's Age, AS. */
    public static final Tag PatientAge = Tag.of(0x00101010);
    /** (0010,1020) Patient's Size, DS. */
    public static final Tag PatientSize = Tag.of(0x00101020);
    /** (0010,1030) Patient's Weight, DS. */
    public static final Tag PatientWeight = Tag.of(0x00101030);
    /** (0010,1040) Patient's Address, LO. */
    public static final Tag PatientAddress = Tag.of(0x00101040);
    /** (0010,2160) Ethnic Group, SH. */
    public static final Tag EthnicGroup = Tag.of(0x00102160);
    /** (0010,4000) Patient Comments, LT. */
    public static final Tag PatientComments = Tag.of(0x00104000);
    /** (0012,0062) Patient Identity Removed, CS. */
    public static final Tag PatientIdentityRemoved = Tag.of(0x00120062);
    /** (0012,0063) De-identification Method, LO. */
    public static final Tag DeidentificationMethod = Tag.of(0x00120063);
    /** (0012,0064) De-identification Method Code Sequence, SQ. */
    public static final Tag DeidentificationMethodCodeSequence = Tag.of(0x00120064);
    /** (0018,0015) Body Part Examined, CS. */
    public static final Tag BodyPartExamined = Tag.of(0x00180015);
    /** (0018,1030) Protocol Name, LO. */
    public static final Tag ProtocolName = Tag.of(0x00181030);
    /** (0018,1000) Device Serial Number, LO. */
    public static final Tag DeviceSerialNumber = Tag.of(0x00181000);
    /** (0018,1020) Software Versions, LO. */
    public static final Tag SoftwareVersions = Tag.of(0x00181020);
    /** (0020,000D) Study Instance UID, UI. */
    public static final Tag StudyInstanceUID = Tag.of(0x0020000D);
    /** (0020,000E) Series Instance UID, UI. */
    public static final Tag SeriesInstanceUID = Tag.of(0x0020000E);
    /** (0020,0010) Study ID, SH. */
    public static final Tag StudyID = Tag.of(0x00200010);
    /** (0020,0011) Series Number, IS. */
    public static final Tag SeriesNumber = Tag.of(0x00200011);
    /** (0020,0013) Instance Number, IS. */
    public static final Tag InstanceNumber = Tag.of(0x00200013);
    /** (0020,1200) Number of Patient Related Studies, IS. */
    public static final Tag NumberOfPatientRelatedStudies = Tag.of(0x00201200);
    /** (0020,1206) Number of Study Related Series, IS. */
    public static final Tag NumberOfStudyRelatedSeries = Tag.of(0x00201206);
    /** (0020,1208) Number of Study Related Instances, IS. */
    public static final Tag NumberOfStudyRelatedInstances = Tag.of(0x00201208);
    /** (0020,1209) Number of Series Related Instances, IS. */
    public static final Tag NumberOfSeriesRelatedInstances = Tag.of(0x00201209);
    /** (0020,0052) Frame of Reference UID, UI. */
    public static final Tag FrameOfReferenceUID = Tag.of(0x00200052);
    /** (0020,0032) Image Position (Patient), DS. */
    public static final Tag ImagePositionPatient = Tag.of(0x00200032);
    /** (0020,0037) Image Orientation (Patient), DS. */
    public static final Tag ImageOrientationPatient = Tag.of(0x00200037);
    /** (0028,0008) Number of Frames, IS. */
    public static final Tag NumberOfFrames = Tag.of(0x00280008);
    /** (0028,0002) Samples per Pixel, US. */
    public static final Tag SamplesPerPixel = Tag.of(0x00280002);
    /** (0028,0004) Photometric Interpretation, CS. */
    public static final Tag PhotometricInterpretation = Tag.of(0x00280004);
    /** (0028,0010) Rows, US. */
    public static final Tag Rows = Tag.of(0x00280010);
    /** (0028,0011) Columns, US. */
    public static final Tag Columns = Tag.of(0x00280011);
    /** (0028,0030) Pixel Spacing, DS. */
    public static final Tag PixelSpacing = Tag.of(0x00280030);
    /** (0028,0100) Bits Allocated, US. */
    public static final Tag BitsAllocated = Tag.of(0x00280100);
    /** (0028,0101) Bits Stored, US. */
    public static final Tag BitsStored = Tag.of(0x00280101);
    /** (0028,0102) High Bit, US. */
    public static final Tag HighBit = Tag.of(0x00280102);
    /** (0028,0103) Pixel Representation, US. */
    public static final Tag PixelRepresentation = Tag.of(0x00280103);
    /** (0028,0006) Planar Configuration, US. */
    public static final Tag PlanarConfiguration = Tag.of(0x00280006);
    /** (0040,0275) Request Attributes Sequence, SQ. */
    public static final Tag RequestAttributesSequence = Tag.of(0x00400275);
    /** (0008,1110) Referenced Study Sequence, SQ. */
    public static final Tag ReferencedStudySequence = Tag.of(0x00081110);
    /** (0008,1115) Referenced Series Sequence, SQ. */
    public static final Tag ReferencedSeriesSequence = Tag.of(0x00081115);
    /** (0008,1140) Referenced Image Sequence, SQ. */
    public static final Tag ReferencedImageSequence = Tag.of(0x00081140);
    /** (0008,2112) Source Image Sequence, SQ. */
    public static final Tag SourceImageSequence = Tag.of(0x00082112);
    /** (7FE0,0010) Pixel Data, OB or OW. */
    public static final Tag PixelData = Tag.of(0x7FE00010);
    /** (7FE0,0008) Float Pixel Data, OF. */
    public static final Tag FloatPixelData = Tag.of(0x7FE00008);
    /** (7FE0,0009) Double Float Pixel Data, OD. */
    public static final Tag DoubleFloatPixelData = Tag.of(0x7FE00009);
    /** (0002,0000) File Meta Information Group Length, UL. */
    public static final Tag FileMetaInformationGroupLength = Tag.of(0x00020000);
    /** (0002,0001) File Meta Information Version, OB. */
    public static final Tag FileMetaInformationVersion = Tag.of(0x00020001);
    /** (0002,0002) Media Storage SOP Class UID, UI. */
    public static final Tag MediaStorageSOPClassUID = Tag.of(0x00020002);
    /** (0002,0003) Media Storage SOP Instance UID, UI. */
    public static final Tag MediaStorageSOPInstanceUID = Tag.of(0x00020003);
    /** (0002,0010) Transfer Syntax UID, UI. */
    public static final Tag TransferSyntaxUID = Tag.of(0x00020010);
    /** (0002,0012) Implementation Class UID, UI. */
    public static final Tag ImplementationClassUID = Tag.of(0x00020012);
    /** (0002,0013) Implementation Version Name, SH. */
    public static final Tag ImplementationVersionName = Tag.of(0x00020013);
    /** (0002,0016) Source Application Entity Title, AE. */
    public static final Tag SourceApplicationEntityTitle = Tag.of(0x00020016);
    /** (0002,0100) Private Information Creator UID, UI. */
    public static final Tag PrivateInformationCreatorUID = Tag.of(0x00020100);
    /** (0002,0102) Private Information, OB. */
    public static final Tag PrivateInformation = Tag.of(0x00020102);
    /** (0012,0010) Clinical Trial Sponsor Name, LO. */
    public static final Tag ClinicalTrialSponsorName = Tag.of(0x00120010);
    /** (0012,0020) Clinical Trial Protocol ID, LO. */
    public static final Tag ClinicalTrialProtocolID = Tag.of(0x00120020);
    /** (0012,0030) Clinical Trial Site ID, LO. */
    public static final Tag ClinicalTrialSiteID = Tag.of(0x00120030);
    /** (0012,0040) Clinical Trial Subject ID, LO. */
    public static final Tag ClinicalTrialSubjectID = Tag.of(0x00120040);
    /** (0012,0050) Clinical Trial Time Point ID, LO. */
    public static final Tag ClinicalTrialTimePointID = Tag.of(0x00120050);
    // used by de-identification (pacs-deident)
    /** (0012,0021) Clinical Trial Protocol Name, LO. */
    public static final Tag ClinicalTrialProtocolName = Tag.of(0x00120021);
    /** (0012,0031) Clinical Trial Site Name, LO. */
    public static final Tag ClinicalTrialSiteName = Tag.of(0x00120031);
    /** (0012,0051) Clinical Trial Time Point Description, ST. */
    public static final Tag ClinicalTrialTimePointDescription = Tag.of(0x00120051);
    /** (0008,0201) Timezone Offset From UTC, SH. */
    public static final Tag TimezoneOffsetFromUTC = Tag.of(0x00080201);
    /** (0010,1005) Patient's Birth Name, PN. */
    public static final Tag PatientBirthName = Tag.of(0x00101005);
    /** (0010,1060) Patient's Mother's Birth Name, PN. */
    public static final Tag PatientMotherBirthName = Tag.of(0x00101060);
    /** (0028,0303) Longitudinal Temporal Information Modified, CS. */
    public static final Tag LongitudinalTemporalInformationModified = Tag.of(0x00280303);
    /** (3006,0026) ROI Name, LO. */
    public static final Tag ROIName = Tag.of(0x30060026);
    /** (3006,0085) ROI Observation Label, SH. */
    public static final Tag ROIObservationLabel = Tag.of(0x30060085);
    /** (0088,0200) Icon Image Sequence, SQ. */
    public static final Tag IconImageSequence = Tag.of(0x00880200);
    /** (0400,0500) Encrypted Attributes Sequence, SQ. */
    public static final Tag EncryptedAttributesSequence = Tag.of(0x04000500);
    /** (0400,0561) Original Attributes Sequence, SQ. */
    public static final Tag OriginalAttributesSequence = Tag.of(0x04000561);
    /** (4FFE,0001) MAC Parameters Sequence, SQ. */
    public static final Tag MACParametersSequence = Tag.of(0x4FFE0001);
    /** (FFFA,FFFA) Digital Signatures Sequence, SQ. */
    public static final Tag DigitalSignaturesSequence = Tag.of(0xFFFAFFFA);
    /** (FFFC,FFFC) Data Set Trailing Padding, OB. */
    public static final Tag DataSetTrailingPadding = Tag.of(0xFFFCFFFC);
    /** (0040,A730) Content Sequence, SQ. */
    public static final Tag ContentSequence = Tag.of(0x0040A730);
    /** (0040,A043) Concept Name Code Sequence, SQ. */
    public static final Tag ConceptNameCodeSequence = Tag.of(0x0040A043);
    /** (0008,0100) Code Value, SH. */
    public static final Tag CodeValue = Tag.of(0x00080100);
    /** (0008,0102) Coding Scheme Designator, SH. */
    public static final Tag CodingSchemeDesignator = Tag.of(0x00080102);
    /** (0008,0104) Code Meaning, LO. */
    public static final Tag CodeMeaning = Tag.of(0x00080104);
    /** (0042,0011) Encapsulated Document, OB. */
    public static final Tag EncapsulatedDocument = Tag.of(0x00420011);
    /** (0028,0301) Burned In Annotation, CS. */
    public static final Tag BurnedInAnnotation = Tag.of(0x00280301);
    /** (0028,1050) Window Center, DS. */
    public static final Tag WindowCenter = Tag.of(0x00281050);
    /** (0028,1051) Window Width, DS. */
    public static final Tag WindowWidth = Tag.of(0x00281051);
    /** (0028,1052) Rescale Intercept, DS. */
    public static final Tag RescaleIntercept = Tag.of(0x00281052);
    /** (0028,1053) Rescale Slope, DS. */
    public static final Tag RescaleSlope = Tag.of(0x00281053);
}
