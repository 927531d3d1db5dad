#!/usr/bin/env bash
# Cluster benchmark (issue 14): JOBS concurrent staging jobs of N instances each (default 4 x 250: CT studies of
# 5 series from scripts/testdata/make_ct_series.py), clinical Orthanc -> module -> research Orthanc,
#  (1) baseline: all jobs started on node A of a two-node cluster (node B runs, idle);
#  (2) cluster:  the same number of jobs on other studies of the same size, half started on node A, half on B.
# Both nodes (standalone-ha.xml, one private PostgreSQL) and both Orthancs (TCP_NODELAY=1) run for both runs, and
# each node stages a warm-up study first (untimed). A run ends when every job is COMPLETED with every instance
# verified. Prints instances/s of each run, the ratio two nodes / one node, CPU seconds of each node's JVM and the
# load average before and after each run. Everything runs on its own ports and is stopped on every path (trap).
# Usage: pacs-it/bench/cluster/run-benchmark.sh [N [JOBS]]   (needs orthanc, python3-pydicom, postgresql; builds
# pacs-it and what it needs with mvn -o package first. It starts WildFly: on a shared machine set
# BENCH_LOCK=/tmp/pacs-it.lock, and it takes that lock after the build, for the measured part only.)
set -euo pipefail
n=${1:-250}
jobs=${2:-4}
series=5
each=$(( (n + series - 1) / series ))
n=$((each * series))
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$(mktemp -d /tmp/cluster-bench.XXXXXX)
# PostgreSQL's own folder (its owner, not root, must reach it: not below the private work folder)
pgdir=$(mktemp -d /tmp/cluster-bench-pg.XXXXXX)
source "$root/scripts/lib-postgres.sh"
pids=()
cleanup() {
  # the driver (its shutdown hook kills the nodes), the Orthancs; then the nodes by their IDs, in case it could not
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -f "$work/wildfly.pids" ]; then while read -r p; do kill -9 "$p" 2>/dev/null || true; done < "$work/wildfly.pids"; fi
  pg_stop "$pgdir"
  rm -rf "$work" "$pgdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in /usr/sbin/Orthanc /usr/bin/python3 /usr/bin/curl; do
  [ -x "$tool" ] || { echo "$tool missing: apt-get install orthanc python3-pydicom curl" >&2; exit 2; }
done

echo "Building pacs-it (offline) ..."
(cd "$root" && mvn -q -o -B -pl pacs-it -am package -DskipTests -DskipITs dependency:build-classpath \
  -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test) >/dev/null
cp="$root/pacs-it/target/test-classes:$(cat "$work/cp.txt")"
if [ -n "${BENCH_LOCK:-}" ]; then
  echo "Waiting for $BENCH_LOCK ..."
  exec 9>"$BENCH_LOCK"
  flock 9
fi

pg_start "$pgdir"
recva=$(free_port); recvb=$(free_port)
declare -A dicom http
for o in clinical research; do dicom[$o]=$(free_port); http[$o]=$(free_port); done
start_orthanc() { # NAME AET MODALITIES
  local d=$work/$1; mkdir -p "$d/storage"
  cat > "$d/orthanc.json" <<JSON
{"Name":"cluster-bench-$1","StorageDirectory":"$d/storage","IndexDirectory":"$d/storage","HttpPort":${http[$1]},
 "DicomPort":${dicom[$1]},"DicomAet":"$2","RemoteAccessAllowed":false,"AuthenticationEnabled":false,
 "DicomCheckCalledAet":true,"DicomAlwaysAllowEcho":true,"DicomAlwaysAllowStore":true,"DicomAlwaysAllowFind":true,
 "DicomAlwaysAllowGet":true,"DicomAlwaysAllowMove":true,"UnknownSopClassAccepted":true,"StorageCompression":false,
 "MetricsEnabled":false,"SaveJobs":false,"MaximumPduLength":65536,"DicomScuTimeout":30,"DicomModalities":{$3}}
JSON
  TCP_NODELAY=1 /usr/sbin/Orthanc "$d/orthanc.json" > "$d/orthanc.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:${http[$1]}/system" && return 0; sleep 0.1; done
  echo "Orthanc $1 did not start" >&2; exit 1
}
start_orthanc clinical CLINICAL "\"RPBPACSA\":[\"RPBPACSA\",\"127.0.0.1\",$recva],\"RPBPACSB\":[\"RPBPACSB\",\"127.0.0.1\",$recvb]"
start_orthanc research RESEARCH ""

echo "Generating and loading $((2 * jobs)) studies of $n instances and two warm-up studies of 100 ..."
: > "$work/studies.txt"
study() { # RUN NAME SERIES EACH
  /usr/bin/python3 "$root/scripts/testdata/make_ct_series.py" --out "$work/$2" --patient-id 1CT1 \
    --patient-name "Bench^Clara" --series "$3" --instances "$4" --seed "$work/$2" >/dev/null
  find "$work/$2" -name '*.dcm' -print0 | xargs -0 -P 4 -I{} curl -s -f -o /dev/null -X POST --data-binary @{} \
    "http://127.0.0.1:${http[clinical]}/instances"
  local uid
  uid=$(/usr/bin/python3 -c "import pydicom,glob; print(pydicom.dcmread(sorted(glob.glob('$work/$2/*.dcm'))[0]).StudyInstanceUID)")
  echo "$1 $uid $(($3 * $4))" >> "$work/studies.txt"
  rm -rf "${work:?}/$2"
}
study warmA warm-a 2 50
study warmB warm-b 2 50
for k in $(seq "$jobs"); do study one "one-$k" "$series" "$each"; study two "two-$k" "$series" "$each"; done
count() { curl -s "http://127.0.0.1:${http[$1]}/statistics" | sed -n 's/.*"CountInstances" *: *\([0-9]*\).*/\1/p'; }
expected=$((2 * jobs * n + 200))
[ "$(count clinical)" = "$expected" ] || { echo "clinical PACS holds $(count clinical), expected $expected" >&2; exit 1; }

echo "Starting two WildFly nodes and running the jobs (several minutes) ..."
# in the background, so that a signal reaches the trap at once (bash runs traps only between commands)
# the EAR and the configured WildFly by absolute paths (the test support's defaults are relative to pacs-it)
java -Xmx512m -Dpacs.ear="$root/ear/target/pacs.ear" -Dpacs.it.wildfly.home="$root/pacs-server/target/wildfly" \
  -cp "$cp" "$here/ClusterBench.java" "$work" "jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB" "$PG_USER" \
  "$PG_PASSWORD" "CLINICAL@127.0.0.1:${dicom[clinical]}" "RESEARCH@127.0.0.1:${dicom[research]}" "$recva" "$recvb" \
  "$work/studies.txt" > "$work/runs.txt" 2> "$work/bench.err" &
pids+=($!)
wait $! || { tail -40 "$work/bench.err" >&2; exit 1; }
[ "$(count research)" = "$expected" ] || { echo "research PACS holds $(count research), expected $expected" >&2; exit 1; }

one=$(awk '$2 == "one"' "$work/runs.txt"); two=$(awk '$2 == "two"' "$work/runs.txt")
rate() { echo "$1" | awk '{printf "%.1f", $4 / $5}'; }
printf '\n| run | jobs x instances | seconds | instances/s | ratio to one node | CPU s node A / B | load average before -> after |\n'
printf '| --- | --- | ---: | ---: | ---: | --- | --- |\n'
for r in "$one" "$two"; do
  set -- $r
  label=$([ "$2" = one ] && echo "all jobs on node A" || echo "half on node A, half on node B")
  printf '| %s | %d x %d | %.1f | %s | %.2f | %s / %s | %s -> %s |\n' "$label" "$3" "$(($4 / $3))" "$5" "$(rate "$r")" \
    "$(echo "$(rate "$r") / $(rate "$one")" | bc -l)" "$6" "$7" "${8//\// }" "${9//\// }"
done
printf '\n%s, %s CPUs\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)"
