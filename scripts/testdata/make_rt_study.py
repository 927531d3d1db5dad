#!/usr/bin/python3
"""Writes a small but coherent radiotherapy study for demos and tests.

One CT series (slices built from pydicom's CT_small.dcm pixels), an RT Structure Set whose contours
reference those slices, an RT Plan referencing the structure set, and an RT Dose referencing the
plan: the reference graph CT <- RTSTRUCT <- RTPLAN <- RTDOSE that de-identification must keep.
Identifying values are planted where de-identification must find them (names, IDs, dates,
institution, physicians, other patient IDs, accession number, a private block, descriptions).

UIDs derive from --seed, so the same arguments always give the same files.

Usage: make_rt_study.py --out DIR --patient-id ID --patient-name NAME [--birth-date YYYYMMDD]
                        [--sex M|F|O] [--slices N] [--seed TEXT] [--study-date YYYYMMDD]
Run it with Debian's /usr/bin/python3 (python3-pydicom).
"""
import argparse
import hashlib
import os

import pydicom
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
RT_STRUCT = "1.2.840.10008.5.1.4.1.1.481.3"
RT_PLAN = "1.2.840.10008.5.1.4.1.1.481.5"
RT_DOSE = "1.2.840.10008.5.1.4.1.1.481.2"


def uid(seed, *parts):
    digest = hashlib.sha256("/".join((seed,) + parts).encode()).digest()
    return "2.25." + str(int.from_bytes(digest[:16], "big"))


def base(args, sop_class, sop_uid, series_uid, modality, series_number, description):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = "1.2.826.0.1.3680043.10.1419.1"
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_uid
    ds.StudyDate = args.study_date
    ds.StudyTime = "081500"
    ds.SeriesDate = args.study_date
    ds.SeriesTime = "083000"
    ds.ContentDate = args.study_date
    ds.ContentTime = "083000"
    ds.AccessionNumber = "ACC" + args.patient_id[-6:]
    ds.Modality = modality
    ds.Manufacturer = "RPB Test Data"
    ds.InstitutionName = "St. Example Hospital Radiation Oncology"
    ds.InstitutionAddress = "1 Example Street, Exampletown"
    ds.ReferringPhysicianName = "Referrer^Rita^^Dr."
    ds.StationName = "CTSIM01"
    ds.StudyDescription = "RT Planning Head Neck"
    ds.SeriesDescription = description
    ds.OperatorsName = "Operator^Otto"
    ds.PatientName = args.patient_name
    ds.PatientID = args.patient_id
    ds.IssuerOfPatientID = "EXAMPLE-HIS"
    ds.PatientBirthDate = args.birth_date
    ds.PatientSex = args.sex
    ds.PatientAge = "057Y"
    ds.PatientAddress = "2 Patient Road, Exampletown"
    ds.PatientComments = "Patient " + args.patient_name.replace("^", " ") + " consented on " + args.study_date
    other = Dataset()
    other.PatientID = "OLD-" + args.patient_id
    other.IssuerOfPatientID = "OLD-HIS"
    other.TypeOfPatientID = "TEXT"
    ds.OtherPatientIDsSequence = Sequence([other])
    ds.StudyInstanceUID = uid(args.seed, "study")
    ds.SeriesInstanceUID = series_uid
    ds.StudyID = "S" + args.patient_id[-4:]
    ds.SeriesNumber = series_number
    ds.FrameOfReferenceUID = uid(args.seed, "frame")
    ds.PositionReferenceIndicator = ""
    ds.PatientPosition = "HFS"
    ds.Laterality = ""
    # a private block that names the patient: must not survive de-identification
    block = ds.private_block(0x0029, "RPB TEST PRIVATE", create=True)
    block.add_new(0x10, "LO", args.patient_name)
    block.add_new(0x11, "LO", args.patient_id)
    return ds


def ref(sop_class, sop_uid):
    item = Dataset()
    item.ReferencedSOPClassUID = sop_class
    item.ReferencedSOPInstanceUID = sop_uid
    return item


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--patient-id", required=True)
    p.add_argument("--patient-name", required=True)
    p.add_argument("--birth-date", default="19630412")
    p.add_argument("--sex", default="M")
    p.add_argument("--slices", type=int, default=5)
    p.add_argument("--seed", default=None)
    p.add_argument("--study-date", default="20240305")
    args = p.parse_args()
    args.seed = args.seed or args.patient_id
    os.makedirs(args.out, exist_ok=True)

    source = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    ct_series = uid(args.seed, "ct-series")
    slices = []
    for i in range(args.slices):
        sop = uid(args.seed, "ct", str(i))
        ds = base(args, CT_IMAGE, sop, ct_series, "CT", 1, "Planning CT 3mm")
        for keyword in ("SamplesPerPixel", "PhotometricInterpretation", "Rows", "Columns", "PixelSpacing",
                        "BitsAllocated", "BitsStored", "HighBit", "PixelRepresentation",
                        "RescaleIntercept", "RescaleSlope", "PixelData"):
            setattr(ds, keyword, getattr(source, keyword))
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.InstanceNumber = i + 1
        ds.ImagePositionPatient = [-79.0, -79.0, -10.0 + 3.0 * i]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.SliceThickness = 3.0
        ds.SliceLocation = -10.0 + 3.0 * i
        ds.KVP = 120
        ds.AcquisitionNumber = 1
        ds.AcquisitionDate = args.study_date
        ds.AcquisitionTime = "082512.250000"
        ds.save_as(os.path.join(args.out, "CT%03d.dcm" % (i + 1)), write_like_original=False)
        slices.append(ds)

    struct_uid = uid(args.seed, "rtstruct")
    st = base(args, RT_STRUCT, struct_uid, uid(args.seed, "rtstruct-series"), "RTSTRUCT", 2, "Structures")
    st.InstanceNumber = 1
    st.StructureSetLabel = "HN_" + args.patient_id[-4:]
    st.StructureSetName = "Plan structures of " + args.patient_name.split("^")[0]
    st.StructureSetDate = args.study_date
    st.StructureSetTime = "091500"
    series_item = Dataset()
    series_item.SeriesInstanceUID = ct_series
    series_item.ContourImageSequence = Sequence([ref(CT_IMAGE, s.SOPInstanceUID) for s in slices])
    study_item = Dataset()
    study_item.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
    study_item.ReferencedSOPInstanceUID = st.StudyInstanceUID
    study_item.RTReferencedSeriesSequence = Sequence([series_item])
    frame_item = Dataset()
    frame_item.FrameOfReferenceUID = st.FrameOfReferenceUID
    frame_item.RTReferencedStudySequence = Sequence([study_item])
    st.ReferencedFrameOfReferenceSequence = Sequence([frame_item])
    rois, contours, observations = [], [], []
    for number, (name, kind) in enumerate([("PTV_70", "PTV"), ("GTV primary", "GTV"), ("Spinal cord", "ORGAN"),
                                            ("Parotid_L", "ORGAN")], start=1):
        roi = Dataset()
        roi.ROINumber = number
        roi.ReferencedFrameOfReferenceUID = st.FrameOfReferenceUID
        roi.ROIName = name
        roi.ROIGenerationAlgorithm = "MANUAL"
        rois.append(roi)
        contour_items = []
        for s in slices[1:-1]:
            c = Dataset()
            c.ContourImageSequence = Sequence([ref(CT_IMAGE, s.SOPInstanceUID)])
            c.ContourGeometricType = "CLOSED_PLANAR"
            c.NumberOfContourPoints = 4
            z = s.ImagePositionPatient[2]
            r = 5.0 * number
            c.ContourData = [-r, -r, z, r, -r, z, r, r, z, -r, r, z]
            contour_items.append(c)
        rc = Dataset()
        rc.ReferencedROINumber = number
        rc.ROIDisplayColor = [255, 0, 0]
        rc.ContourSequence = Sequence(contour_items)
        contours.append(rc)
        obs = Dataset()
        obs.ObservationNumber = number
        obs.ReferencedROINumber = number
        obs.RTROIInterpretedType = kind
        obs.ROIInterpreter = "Planner^Paula"
        observations.append(obs)
    st.StructureSetROISequence = Sequence(rois)
    st.ROIContourSequence = Sequence(contours)
    st.RTROIObservationsSequence = Sequence(observations)
    st.save_as(os.path.join(args.out, "RTSTRUCT.dcm"), write_like_original=False)

    plan_uid = uid(args.seed, "rtplan")
    dose_ref_uid = uid(args.seed, "dose-reference")
    pl = base(args, RT_PLAN, plan_uid, uid(args.seed, "rtplan-series"), "RTPLAN", 3, "Treatment plan")
    pl.InstanceNumber = 1
    pl.RTPlanLabel = "HN 70Gy " + args.patient_id[-4:]
    pl.RTPlanName = "Plan for " + args.patient_name.split("^")[0]
    pl.RTPlanDate = args.study_date
    pl.RTPlanTime = "101500"
    pl.RTPlanGeometry = "PATIENT"
    pl.ReferencedStructureSetSequence = Sequence([ref(RT_STRUCT, struct_uid)])
    dose_ref = Dataset()
    dose_ref.DoseReferenceNumber = 1
    dose_ref.DoseReferenceUID = dose_ref_uid
    dose_ref.DoseReferenceStructureType = "SITE"
    dose_ref.DoseReferenceDescription = "PTV_70"
    dose_ref.DoseReferenceType = "TARGET"
    dose_ref.TargetPrescriptionDose = 70.0
    pl.DoseReferenceSequence = Sequence([dose_ref])
    fraction = Dataset()
    fraction.FractionGroupNumber = 1
    fraction.NumberOfFractionsPlanned = 35
    fraction.NumberOfBeams = 0
    fraction.NumberOfBrachyApplicationSetups = 0
    dose_link = Dataset()
    dose_link.ReferencedDoseReferenceNumber = 1
    dose_link.ReferencedDoseReferenceUID = dose_ref_uid
    fraction.ReferencedDoseReferenceSequence = Sequence([dose_link])
    pl.FractionGroupSequence = Sequence([fraction])
    pl.save_as(os.path.join(args.out, "RTPLAN.dcm"), write_like_original=False)

    do = base(args, RT_DOSE, uid(args.seed, "rtdose"), uid(args.seed, "rtdose-series"), "RTDOSE", 4, "Dose")
    do.InstanceNumber = 1
    for keyword in ("Rows", "Columns", "PixelSpacing"):
        setattr(do, keyword, getattr(source, keyword))
    do.SamplesPerPixel = 1
    do.PhotometricInterpretation = "MONOCHROME2"
    do.BitsAllocated = 16
    do.BitsStored = 16
    do.HighBit = 15
    do.PixelRepresentation = 0
    do.NumberOfFrames = 2
    do.SliceThickness = ""
    do.FrameIncrementPointer = (0x3004, 0x000C)
    do.GridFrameOffsetVector = [0.0, 3.0]
    do.ImagePositionPatient = [-79.0, -79.0, -1.0]
    do.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    do.DoseUnits = "GY"
    do.DoseType = "PHYSICAL"
    do.DoseSummationType = "PLAN"
    do.DoseGridScaling = 0.001
    do.ReferencedRTPlanSequence = Sequence([ref(RT_PLAN, plan_uid)])
    do.PixelData = bytes(2 * 2 * source.Rows * source.Columns)
    do.save_as(os.path.join(args.out, "RTDOSE.dcm"), write_like_original=False)
    print("wrote %d files to %s (study %s)" % (len(slices) + 3, args.out, slices[0].StudyInstanceUID))


if __name__ == "__main__":
    main()
