#!/usr/bin/env bash
# Staging benchmark: a study of N instances (default 1,000: CT + RTSTRUCT + RTPLAN + RTDOSE from
# scripts/testdata/make_rt_study.py) from a clinical Orthanc to a research Orthanc,
#  (1) baseline: a plain C-MOVE, Orthanc to Orthanc, no de-identification (dcmtk movescu asks the
#      clinical Orthanc to move the study to research Orthanc A);
#  (2) module: the staging pipeline (C-MOVE into the module's receiver, Study0 de-identification,
#      C-STORE into research Orthanc B as instances arrive, one IMAGE-level verification per series).
# Same study, same run, loopback only, the three Orthancs configured alike (below); prints instances/s
# and the ratio module/baseline (target >= 0.7), then when each pipeline step was first and last seen.
# Every Orthanc runs with TCP_NODELAY=1 in its environment: without it dcmtk (inside Orthanc) leaves
# Nagle's algorithm on and its C-MOVE sender is held to ~11 instances/s.
# Usage: pacs-ejb/bench/staging/run-benchmark.sh [N [WORKERS [SPOOL_LIMIT]]]
#        (needs orthanc, dcmtk, python3-pydicom; BENCH_JFR=file.jfr records a flight recording of the module,
#        BENCH_JFC=settings.jfc its settings, default profile)
set -euo pipefail
n=${1:-1000}
workers=${2:-}
spool=${3:-}
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
# what a production Orthanc that serves as a PACS runs with, the same for all three: no storage
# compression, no metrics, no job history written to the index; 64 KB PDUs (the default 16 KB splits each
# CT slice); a C-STORE peer may take 30 s to answer (the default 10 s aborts a move whose destination
# waits for room); files are still synced to disk (SyncStorageArea stays on, as data safety requires)
ORTHANC_TUNING='"StorageCompression":false,"MetricsEnabled":false,"SaveJobs":false,"MaximumPduLength":65536,"DicomScuTimeout":30,"DicomAssociationCloseDelay":5,"SyncStorageArea":true'
start_orthanc() { # NAME AET MODALITIES
  local d=$work/$1; mkdir -p "$d/storage"
  cat > "$d/orthanc.json" <<JSON
{"Name":"bench-$1","StorageDirectory":"$d/storage","IndexDirectory":"$d/storage","HttpPort":${http[$1]},
 "DicomPort":${dicom[$1]},"DicomAet":"$2","RemoteAccessAllowed":false,"AuthenticationEnabled":false,
 "DicomCheckCalledAet":true,"DicomAlwaysAllowEcho":true,"DicomAlwaysAllowStore":true,"DicomAlwaysAllowFind":true,
 "DicomAlwaysAllowGet":true,"DicomAlwaysAllowMove":true,"UnknownSopClassAccepted":true,$ORTHANC_TUNING,
 "DicomModalities":{$3}}
JSON
  TCP_NODELAY=1 /usr/sbin/Orthanc "$d/orthanc.json" > "$d/orthanc.log" 2>&1 &
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
# a second, smaller study of the same patient warms both paths up first (untimed): the server's JVM
# and a production Orthanc are warm, a fresh JVM compiles the receiver and de-identifier while it runs
/usr/bin/python3 "$root/scripts/testdata/make_rt_study.py" --out "$work/warmup" --patient-id "KH-BENCH/0001" \
  --patient-name "Bench^Patient" --slices 297 --seed warmup >/dev/null
find "$work/study" "$work/warmup" -name '*.dcm' -print0 | xargs -0 -P 4 -I{} curl -s -f -o /dev/null -X POST --data-binary @{} \
  "http://127.0.0.1:${http[clinical]}/instances"
uid_of() { /usr/bin/python3 -c "import pydicom,glob; print(pydicom.dcmread(sorted(glob.glob('$1/*.dcm'))[0]).StudyInstanceUID)"; }
study=$(uid_of "$work/study")
warmup=$(uid_of "$work/warmup")
count() { curl -s "http://127.0.0.1:${http[$1]}/statistics" | sed -n 's/.*"CountInstances" *: *\([0-9]*\).*/\1/p'; }
[ "$(count clinical)" = "$((n + 300))" ] || { echo "clinical PACS holds $(count clinical) instances, expected $((n + 300))" >&2; exit 1; }
sync
# CPU seconds (user + system) an Orthanc used so far
declare -A pid
i=0; for o in clinical researcha researchb; do pid[$o]=${pids[$i]}; i=$((i + 1)); done
cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/${pid[$1]}/stat"; }

echo "Baseline: C-MOVE clinical -> research A (Orthanc to Orthanc) ..."
/usr/bin/movescu -aet BENCH -aec CLINICAL -aem RESEARCHA -S -k QueryRetrieveLevel=STUDY -k StudyInstanceUID="$warmup" \
  127.0.0.1 "${dicom[clinical]}" >/dev/null 2>&1
c0=$(cpu clinical); a0=$(cpu researcha)
t0=$(date +%s.%N)
/usr/bin/movescu -aet BENCH -aec CLINICAL -aem RESEARCHA -S -k QueryRetrieveLevel=STUDY -k StudyInstanceUID="$study" \
  127.0.0.1 "${dicom[clinical]}" >/dev/null 2>&1
t1=$(date +%s.%N)
base_cpu="clinical $(echo "$(cpu clinical) - $c0" | bc -l) s, research A $(echo "$(cpu researcha) - $a0" | bc -l) s"
[ "$(count researcha)" = "$((n + 300))" ] || { echo "baseline moved $(count researcha) of $n" >&2; exit 1; }
base_s=$(echo "$t1 - $t0" | bc -l)

echo "Module: staging pipeline clinical -> research B (C-MOVE to the module, de-identify, store, verify) ..."
jfr=()
[ -n "${BENCH_JFR:-}" ] && jfr=("-XX:StartFlightRecording=filename=$BENCH_JFR,settings=${BENCH_JFC:-profile}")
c0=$(cpu clinical); b0=$(cpu researchb)
out=$(java -Xmx512m "${jfr[@]}" -cp "$cp" "$here/StagingBench.java" "CLINICAL@127.0.0.1:${dicom[clinical]}" \
  "RESEARCHB@127.0.0.1:${dicom[researchb]}" "$study" "KH-BENCH/0001" "$recv" "$work/module" "$warmup" $workers $spool \
  2>"$work/module.err") || { tail -30 "$work/module.err" >&2; exit 1; }
mod_cpu="clinical $(echo "$(cpu clinical) - $c0" | bc -l) s, research B $(echo "$(cpu researchb) - $b0" | bc -l) s (warm-up included)"
mod_n=$(echo "$out" | awk '/^module/ {print $2}')
mod_s=$(echo "$out" | awk '/^module/ {print $3}')
[ "$(count researchb)" = "$((n + 300))" ] || { echo "module stored $(count researchb) of $n" >&2; exit 1; }

base_rate=$(echo "$n / $base_s" | bc -l)
mod_rate=$(echo "$mod_n / $mod_s" | bc -l)
printf '\n| path | instances | seconds | instances/s | ratio to plain C-MOVE |\n| --- | ---: | ---: | ---: | ---: |\n'
printf '| plain C-MOVE Orthanc -> Orthanc | %d | %.2f | %.1f | 1.00 |\n' "$n" "$base_s" "$base_rate"
printf '| module staging (move, de-identify, store, verify) | %d | %.2f | %.1f | %.2f |\n' "$mod_n" "$mod_s" "$mod_rate" \
  "$(echo "$mod_rate / $base_rate" | bc -l)"
printf '\n%s, load average %s; Orthanc CPU: baseline %s; module %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$base_cpu" "$mod_cpu"
grep -E '^(warm-up|module JVM|listing|workers|per instance|  [A-Z])' "$work/module.err" || true
