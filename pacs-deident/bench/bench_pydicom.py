"""The pydicom baseline: the same work as pacs-deident's basic profile with UID remapping and date shifting.

For every file: read; walk every element at every depth; private elements removed; Table E.1-1 (the same
JSON the library bundles) applied with the Retain Longitudinal Modified Dates column (C = shift), compound
codes resolved to the strictest action; UIDs remapped as 2.25. + 128 bits of HMAC-SHA-256(key, UID);
curves and overlays removed; identity and record keeping written; new file meta; write.
Usage: bench_pydicom.py TABLE.json KEYFILE OUTDIR INPUT...
"""
import datetime
import hashlib
import hmac
import json
import os
import sys

import pydicom
from pydicom.tag import Tag

table_file, key_file, out_dir = sys.argv[1:4]
inputs = []
for p in sys.argv[4:]:
    if os.path.isdir(p):
        inputs += [os.path.join(p, f) for f in sorted(os.listdir(p))]
    else:
        inputs.append(p)
key = open(key_file, 'rb').read()
rank = {'X': 0, 'Z': 1, 'D': 2, 'U': 3, 'C': 4, 'K': 5}
actions = {}
for row in json.load(open(table_file)):
    t = row['tag']
    if 'X' in t[1:5].upper() or 'G' in t.upper():
        continue
    code = row.get('rtnLongModifDatesOpt') or min(row['basicProfile'].replace('*', '').split('/'), key=rank.get)
    actions[int(t[1:5] + t[6:10], 16)] = code

structural = {0x00080016, 0x00081150, 0x00020010, 0x0008010C, 0x00020002}
h = hashlib.sha256(key + b'PATIENT').digest()
offset = datetime.timedelta(days=-(365 + int.from_bytes(h[:4], 'big') % 3288),
                            seconds=int.from_bytes(h[4:8], 'big') % 86400)


def remap(uid):
    if uid.startswith('1.2.840.10008.'):
        return uid
    d = hmac.new(key, uid.encode(), hashlib.sha256).digest()[:16]
    return '2.25.' + str(int.from_bytes(d, 'big'))


def shift(vr, v):
    try:
        if vr == 'DA':
            return (datetime.datetime.strptime(v[:8], '%Y%m%d') + datetime.timedelta(days=offset.days)).strftime('%Y%m%d')
        if vr == 'TM':
            t = datetime.datetime.strptime(v[:6].ljust(6, '0'), '%H%M%S') + datetime.timedelta(seconds=offset.seconds)
            return t.strftime('%H%M%S')[:len(v[:6])] + v[6:]
        if vr == 'DT':
            t = datetime.datetime.strptime(v[:14].ljust(14, '0'), '%Y%m%d%H%M%S') + offset
            return t.strftime('%Y%m%d%H%M%S')[:len(v[:14])] + v[14:]
    except ValueError:
        return None
    return v


DUMMY = {'DA': '19000101', 'TM': '000000', 'DT': '19000101000000', 'DS': '0', 'IS': '0', 'AS': '000Y'}


def walk(ds):
    for elem in list(ds):
        tag = int(elem.tag)
        group = tag >> 16
        if elem.tag.is_private or 0x5000 <= group <= 0x60FF and (group & 0xFF00) in (0x5000, 0x6000):
            del ds[elem.tag]
            continue
        if elem.tag.element == 0 and group != 2:
            del ds[elem.tag]
            continue
        a = actions.get(tag)
        if a is None:
            a = 'C' if elem.VR in ('DA', 'TM', 'DT') else ('U' if elem.VR == 'UI' and tag not in structural else 'K')
        if elem.VR == 'SQ':
            if a == 'X':
                del ds[elem.tag]
            elif a == 'Z':
                elem.value = []
            else:
                for item in elem.value:
                    walk(item)
            continue
        if a == 'X':
            del ds[elem.tag]
        elif a == 'Z':
            elem.value = ''
        elif a == 'D':
            elem.value = remap(str(elem.value)) if elem.VR == 'UI' else DUMMY.get(elem.VR, 'ANONYMIZED')
        elif a == 'U' and elem.VR == 'UI' and elem.value:
            vals = elem.value if elem.VM > 1 else [elem.value]
            elem.value = [remap(str(u)) for u in vals] if elem.VM > 1 else remap(str(vals[0]))
        elif a == 'C' and elem.VR in ('DA', 'TM', 'DT') and elem.value:
            n = shift(elem.VR, str(elem.value))
            if n is None:
                del ds[elem.tag]
            else:
                elem.value = n


os.makedirs(out_dir, exist_ok=True)
for f in inputs:
    ds = pydicom.dcmread(f)
    walk(ds)
    ds.PatientName = 'P'
    ds.PatientID = 'P'
    ds.PatientIdentityRemoved = 'YES'
    ds.DeidentificationMethod = 'PS3.15 E.1-1 2024b basic+113107'
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.preamble = b'\0' * 128
    ds.save_as(os.path.join(out_dir, ds.SOPInstanceUID + '.dcm'))
