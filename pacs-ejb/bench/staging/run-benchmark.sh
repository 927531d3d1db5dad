#!/usr/bin/env bash
# Staging benchmark: a study of N instances (default 1,000: CT + RTSTRUCT + RTPLAN + RTDOSE from
# scripts/testdata/make_rt_study.py) from a clinical Orthanc to a research Orthanc,
#  (1) baseline: a plain C-MOVE, Orthanc to Orthanc, no de-identification (dcmtk movescu asks the
#      clinical Orthanc to move the study to research Orthanc A);
#  (2) module: the staging pipeline (C-MOVE into the module's receiver, Study0 de-identification,
#      C-STORE into research Orthanc B, IMAGE-level verification of every instance).
# Same study, same run, loopback only; prints instances/s and the ratio module/baseline (target >= 0.7).
# Usage: pacs-ejb/bench/staging/run-benchmark.sh [N]        (needs orthanc, dcmtk, python3-pydicom, a built pacs-ejb)
set -euo pipefail
n=${1:-1000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$(mktemp -d /tmp/staging-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for tool in /usr/sbin/Orthanc /usr/bin/movescu /usr/bin/python3; do
  [ -x "$tool" ] || { echo "$tool missing: apt-get install orthanc dcmtk python3-pydicom" >&2; exit 2; }
done
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# classpath of pacs-ejb (its classes and dependencies)
(cd "$root" && mvn -q -o -pl pacs-ejb -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=compile) >/dev/null
cp="$root/pacs-ejb/target/classes:$(cat "$work/cp.txt")"

recv=$(free_port)
declare -A dicom http
for o in clinical researcha researchb; do dicom[$o]=$(free_port); http[$o]=$(free_port); done
start_orthanc() { # NAME AET MODALITIES
  local d=$work/$1; mkdir -p "$d/storage"
  cat > "$d/orthanc.json" <<JSON
{"Name":"bench-$1","StorageDirectory":"$d/storage","IndexDirectory":"$d/storage","HttpPort":${http[$1]},
 "DicomPort":${dicom[$1]},"DicomAet":"$2","RemoteAccessAllowed":false,"AuthenticationEnabled":false,
 "DicomCheckCalledAet":true,"DicomAlwaysAllowEcho":true,"DicomAlwaysAllowStore":true,"DicomAlwaysAllowFind":true,
 "DicomAlwaysAllowGet":true,"DicomAlwaysAllowMove":true,"UnknownSopClassAccepted":true,"StorageCompression":false,
 "DicomModalities":{$3}}
JSON
  /usr/sbin/Orthanc "$d/orthanc.json" > "$d/orthanc.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:${http[$1]}/system" && return 0; sleep 0.1; done
  echo "Orthanc $1 did not start" >&2; exit 1
}
start_orthanc clinical CLINICAL "\"RESEARCHA\":[\"RESEARCHA\",\"127.0.0.1\",${dicom[researcha]}],\"RPBPACS\":[\"RPBPACS\",\"127.0.0.1\",$recv]"
start_orthanc researcha RESEARCHA ""
start_orthanc researchb RESEARCHB ""

echo "Generating a study of $n instances and loading the clinical PACS ..."
/usr/bin/python3 "$root/scripts/testdata/make_rt_study.py" --out "$work/study" --patient-id "KH-BENCH/0001" \
  --patient-name "Bench^Patient" --slices $((n - 3)) >/dev/null
find "$work/study" -name '*.dcm' -print0 | xargs -0 -P 4 -I{} curl -s -f -o /dev/null -X POST --data-binary @{} \
  "http://127.0.0.1:${http[clinical]}/instances"
study=$(/usr/bin/python3 -c "import pydicom,glob; print(pydicom.dcmread(sorted(glob.glob('$work/study/*.dcm'))[0]).StudyInstanceUID)")
count() { curl -s "http://127.0.0.1:${http[$1]}/statistics" | sed -n 's/.*"CountInstances" *: *\([0-9]*\).*/\1/p'; }
[ "$(count clinical)" = "$n" ] || { echo "clinical PACS holds $(count clinical) instances, expected $n" >&2; exit 1; }
sync

echo "Baseline: C-MOVE clinical -> research A (Orthanc to Orthanc) ..."
t0=$(date +%s.%N)
/usr/bin/movescu -aet BENCH -aec CLINICAL -aem RESEARCHA -S -k QueryRetrieveLevel=STUDY -k StudyInstanceUID="$study" \
  127.0.0.1 "${dicom[clinical]}" >/dev/null 2>&1
t1=$(date +%s.%N)
[ "$(count researcha)" = "$n" ] || { echo "baseline moved $(count researcha) of $n" >&2; exit 1; }
base_s=$(echo "$t1 - $t0" | bc -l)

echo "Module: staging pipeline clinical -> research B (C-MOVE to the module, de-identify, store, verify) ..."
out=$(java -Xmx512m -cp "$cp" "$here/StagingBench.java" "CLINICAL@127.0.0.1:${dicom[clinical]}" \
  "RESEARCHB@127.0.0.1:${dicom[researchb]}" "$study" "KH-BENCH/0001" "$recv" "$work/module" 2>"$work/module.err") \
  || { tail -30 "$work/module.err" >&2; exit 1; }
mod_n=$(echo "$out" | awk '/^module/ {print $2}')
mod_s=$(echo "$out" | awk '/^module/ {print $3}')
[ "$(count researchb)" = "$n" ] || { echo "module stored $(count researchb) of $n" >&2; exit 1; }

base_rate=$(echo "$n / $base_s" | bc -l)
mod_rate=$(echo "$mod_n / $mod_s" | bc -l)
printf '\n| path | instances | seconds | instances/s | ratio to plain C-MOVE |\n| --- | ---: | ---: | ---: | ---: |\n'
printf '| plain C-MOVE Orthanc -> Orthanc | %d | %.2f | %.1f | 1.00 |\n' "$n" "$base_s" "$base_rate"
printf '| module staging (move, de-identify, store, verify) | %d | %.2f | %.1f | %.2f |\n' "$mod_n" "$mod_s" "$mod_rate" \
  "$(echo "$mod_rate / $base_rate" | bc -l)"
