"""Writes N copies of pydicom's CT_small.dcm with distinct SOP Instance UIDs (one study, one series)."""
import os
import sys

import pydicom
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
study, series = generate_uid(), generate_uid()
ds.StudyInstanceUID = study
ds.SeriesInstanceUID = series
for i in range(n):
    uid = generate_uid()
    ds.SOPInstanceUID = uid
    ds.file_meta.MediaStorageSOPInstanceUID = uid
    ds.InstanceNumber = i + 1
    ds.save_as(os.path.join(out, "ct%05d.dcm" % i), write_like_original=False)
