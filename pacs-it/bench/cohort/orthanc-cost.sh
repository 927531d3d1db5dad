#!/usr/bin/env bash
# What an Orthanc configured as the cohort benchmark's research PACS spends CPU on (issue 17, round 5): storing one
# study of 250 instances (CT + RT from scripts/testdata/make_rt_study.py) in one association and in one association
# per instance, then per operation: an association alone (C-ECHO), an IMAGE-level C-FIND of the CT series (247
# answers, the staging verification's query), of an absent series (the pre-check of a first run), a SERIES-level
# C-FIND. CPU of the Orthanc process from /proc/PID/stat, so the numbers hold on a loaded machine better than times.
# No lock needed (free ports, nothing timed by the wall clock).
#
# Usage: pacs-it/bench/cohort/orthanc-cost.sh [REPEATS]      (default 40 per operation)
#        pacs-it/bench/cohort/orthanc-cost.sh [REPEATS] DIR  (store DIR's *.dcm instead, e.g. de-identified copies)
set -euo pipefail
n=${1:-40}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
for tool in /usr/sbin/Orthanc /usr/bin/storescu /usr/bin/findscu /usr/bin/echoscu /usr/bin/dcmdump /usr/bin/python3 /usr/bin/curl; do
  [ -x "$tool" ] || { echo "$tool missing: apt-get install orthanc dcmtk python3-pydicom curl" >&2; exit 2; }
done
work=$(mktemp -d /tmp/orthanc-cost.XXXXXX)
opid=
stop() { [ -n "$opid" ] && kill "$opid" 2>/dev/null && wait "$opid" 2>/dev/null; opid=; }
trap 'stop; rm -rf "$work"' EXIT
export TCP_NODELAY=1 # dcmtk's tools and Orthanc alike: no Nagle waits
if [ -n "${2:-}" ]; then
  files=$(cd "$2" && pwd)
else
  files="$work/study"
  /usr/bin/python3 "$root/scripts/testdata/make_rt_study.py" --out "$files" --patient-id CB-HIS-COST \
    --patient-name "Cost^Patient" --slices 247 --seed orthanc-cost >/dev/null
fi
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# a fresh Orthanc as run-benchmark.sh configures its three; sets opid and dp
start() {
  local d hp; d=$(mktemp -d "$work/orthanc.XXXX"); dp=$(free_port); hp=$(free_port)
  cat > "$d/orthanc.json" <<JSON
{"Name":"cost","StorageDirectory":"$d","IndexDirectory":"$d","HttpPort":$hp,"DicomPort":$dp,"DicomAet":"RESEARCH",
 "RemoteAccessAllowed":false,"AuthenticationEnabled":false,"DicomCheckCalledAet":true,"DicomAlwaysAllowEcho":true,
 "DicomAlwaysAllowStore":true,"DicomAlwaysAllowFind":true,"DicomAlwaysAllowGet":true,"DicomAlwaysAllowMove":true,
 "UnknownSopClassAccepted":true,"StorageCompression":false,"MetricsEnabled":false,"SaveJobs":false,
 "MaximumPduLength":65536,"DicomScuTimeout":30,"DicomAssociationCloseDelay":5,"SyncStorageArea":true,"DicomModalities":{}}
JSON
  /usr/sbin/Orthanc "$d/orthanc.json" > "$d/orthanc.log" 2>&1 &
  opid=$!
  for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$hp/system" && return 0; sleep 0.1; done
  echo "Orthanc did not start" >&2; exit 1
}
ticks() { awk '{print $14 + $15}' "/proc/$opid/stat"; }
# LABEL PER COMMAND...: runs COMMAND, prints the Orthanc's CPU divided by PER
measure_once() {
  local label=$1 per=$2 t0 t1; shift 2
  t0=$(ticks); "$@" >/dev/null 2>&1 || true; sleep 0.3; t1=$(ticks)
  printf '| %s | %.2f ms |\n' "$label" "$(echo "($t1 - $t0) * 10 / $per" | bc -l)"
}
# LABEL COMMAND...: runs COMMAND n times, prints the Orthanc's CPU per run
measure() {
  local label=$1 t0 t1 i; shift
  t0=$(ticks); for i in $(seq "$n"); do "$@" >/dev/null 2>&1 || true; done; sleep 0.3; t1=$(ticks)
  printf '| %s | %.2f ms |\n' "$label" "$(echo "($t1 - $t0) * 10 / $n" | bc -l)"
}
mapfile -t dcm < <(ls "$files"/*.dcm | sort)
count=${#dcm[@]}
scu=(-aet BENCH -aec RESEARCH 127.0.0.1)
printf '| Orthanc (as the cohort benchmark configures it), %d instances of %s | CPU |\n| --- | ---: |\n' "$count" "$files"
start
measure_once "store, one association for all (storescu -R), per instance" "$count" /usr/bin/storescu -R "${scu[@]}" "$dp" "${dcm[@]}"
study=$(dcmdump +P StudyInstanceUID "${dcm[0]}" | sed 's/.*\[\(.*\)\].*/\1/')
series=$(dcmdump +P SeriesInstanceUID "${dcm[0]}" | sed 's/.*\[\(.*\)\].*/\1/')
size=$(/usr/bin/python3 -c 'import pydicom, sys
print(sum(pydicom.dcmread(f, stop_before_pixels=True).SeriesInstanceUID == sys.argv[1] for f in sys.argv[2:]))' "$series" "${dcm[@]}")
measure "association alone (C-ECHO)" /usr/bin/echoscu "${scu[@]}" "$dp"
measure "IMAGE-level C-FIND of a series of $size instances" /usr/bin/findscu "${scu[@]}" "$dp" -S \
  -k QueryRetrieveLevel=IMAGE -k StudyInstanceUID="$study" -k SeriesInstanceUID="$series" -k SOPInstanceUID -k InstanceNumber
measure "IMAGE-level C-FIND of an absent series" /usr/bin/findscu "${scu[@]}" "$dp" -S \
  -k QueryRetrieveLevel=IMAGE -k StudyInstanceUID="$study" -k SeriesInstanceUID=1.2.3.4 -k SOPInstanceUID -k InstanceNumber
measure "SERIES-level C-FIND of the study (with counts)" /usr/bin/findscu "${scu[@]}" "$dp" -S \
  -k QueryRetrieveLevel=SERIES -k StudyInstanceUID="$study" -k SeriesInstanceUID -k Modality -k SeriesNumber \
  -k SeriesDescription -k NumberOfSeriesRelatedInstances
stop
start
measure_once "store, one association per instance (storescu -R each), per instance" "$count" \
  bash -c 'for f in "$@"; do /usr/bin/storescu -R -aet BENCH -aec RESEARCH 127.0.0.1 '"$dp"' "$f" || exit 1; done' _ "${dcm[@]}"
stop
printf '\n%s; load average %s; %d cores\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)"
