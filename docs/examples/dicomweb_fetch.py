#!/usr/bin/python3
"""Reads the module's DICOMweb service with Python's standard library only: lists the studies of a scope (QIDO-RS),
then saves every instance of each series (WADO-RS, multipart/related) as a .dcm file.

Usage: dicomweb_fetch.py BASE_URL USER OUTDIR [STUDY SITE]
  BASE_URL e.g. https://rpb.example.org/pacs/dicomweb   (http://127.0.0.1:8080/pacs/dicomweb in the demo)
  The password is read from the environment variable PACS_PASSWORD (never from the command line).
  STUDY SITE choose an explicit scope (e.g. RTTRIAL DD); without them the user's active study and site apply.
"""
import base64
import json
import os
import sys
import urllib.request


def main():
    base, user, out = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    if len(sys.argv) > 5:
        base += "/scope/%s/%s" % (sys.argv[4], sys.argv[5])
    token = base64.b64encode(("%s:%s" % (user, os.environ["PACS_PASSWORD"])).encode()).decode()

    def get(path, accept):
        # the module also has a login form, so Basic credentials are sent with the first request (no challenge)
        rq = urllib.request.Request(base + path, headers={"Authorization": "Basic " + token, "Accept": accept})
        return urllib.request.urlopen(rq)

    def value(item, tag):
        return (item.get(tag, {}).get("Value") or [None])[0]

    os.makedirs(out, exist_ok=True)
    studies = json.load(get("/studies?includefield=00081030", "application/dicom+json"))
    for study in studies:
        st = value(study, "0020000D")
        for series in json.load(get("/studies/%s/series" % st, "application/dicom+json")):
            se = value(series, "0020000E")
            rsp = get("/studies/%s/series/%s" % (st, se), 'multipart/related; type="application/dicom"')
            boundary = rsp.headers.get_param("boundary").encode()
            body = rsp.read()  # one series at a time; a series of a few hundred CT slices fits in memory
            count = 0
            for part in body.split(b"--" + boundary)[1:]:
                if part.startswith(b"--"):
                    break
                data = part.split(b"\r\n\r\n", 1)[1]
                data = data[:-2] if data.endswith(b"\r\n") else data
                count += 1
                with open(os.path.join(out, "%s_%04d.dcm" % (se, count)), "wb") as f:
                    f.write(data)
            print("%s %s %s: %d instances" % (st, value(series, "00080060"), se, count))


if __name__ == "__main__":
    main()
