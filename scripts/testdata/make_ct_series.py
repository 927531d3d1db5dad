#!/usr/bin/python3
"""Writes one CT study of many instances for job tests that need a staging run of several seconds.

Every instance is pydicom's CT_small.dcm with the given patient identity, new Study, Series and SOP
Instance UIDs (derived from --seed, so the same arguments give the same files) and its own Instance
Number; --series series of --instances instances each.

Usage: make_ct_series.py --out DIR --patient-id ID --patient-name NAME --series S --instances N --seed TEXT
Run it with Debian's /usr/bin/python3 (python3-pydicom).
"""
import argparse
import hashlib
import os

import pydicom
from pydicom.data import get_testdata_file


def uid(seed, *parts):
    digest = hashlib.sha256("/".join((seed,) + parts).encode()).digest()
    return "2.25." + str(int.from_bytes(digest[:16], "big"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--patient-id", required=True)
    ap.add_argument("--patient-name", required=True)
    ap.add_argument("--series", type=int, required=True)
    ap.add_argument("--instances", type=int, required=True)
    ap.add_argument("--seed", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    template = get_testdata_file("CT_small.dcm")
    study = uid(args.seed, "study")
    for s in range(args.series):
        series = uid(args.seed, "series", str(s))
        for i in range(args.instances):
            ds = pydicom.dcmread(template)
            sop = uid(args.seed, "sop", str(s), str(i))
            ds.PatientID = args.patient_id
            ds.PatientName = args.patient_name
            ds.StudyInstanceUID = study
            ds.SeriesInstanceUID = series
            ds.SeriesNumber = s + 1
            ds.SOPInstanceUID = sop
            ds.file_meta.MediaStorageSOPInstanceUID = sop
            ds.InstanceNumber = i + 1
            ds.save_as(os.path.join(args.out, "s%02d-i%04d.dcm" % (s, i)))
    print(study)


if __name__ == "__main__":
    main()
