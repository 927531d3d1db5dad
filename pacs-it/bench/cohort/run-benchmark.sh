#!/usr/bin/env bash
# Cohort benchmark through the running server (issue 17): a retrospective cohort of P patients x I instances
# (default 20 x 250 = 5,000; CT + RTSTRUCT + RTPLAN + RTDOSE from scripts/testdata/make_rt_study.py) staged from
# a clinical Orthanc into Study0 by the module in WildFly (PostgreSQL, JBeret jobs, per-instance progress rows,
# DICOM receiver, de-identification, C-STORE, verification), against a plain C-MOVE of the same studies.
#
#  (1) baseline: the clinical Orthanc moves the P studies to research Orthanc B (dcmtk movescu, the same number
#      of moves at once as the server runs staging jobs at once);
#  (2) module: the demo stager, Study0 active at DD, pastes the P PIDs into the lookup (one LookupService.lookup)
#      and stages every study found (StagingJobService.stageIntoStudy0, all series), as the lookup page does;
#      timed from that request to the last job's end, every job COMPLETED with all its instances verified.
#
# Everything runs on 127.0.0.1 on free ports (WildFly with a port offset, its own server folder, the test WAR of
# the driver next to the EAR; a private PostgreSQL; three Orthancs with TCP_NODELAY=1), all stopped on exit.
# BENCH_WARMUP patients (default: as many as the timed cohort) are staged and moved first (untimed): a site's server is
# warm. Then BENCH_ROUNDS rounds (default 3), each (1) and then (2) on P patients of its own. Prints each round's
# times and ratio, the median ratio (the result, target >= 0.7), instances/s of both over all rounds, the
# server's heap (GC log of the timed part), the peak disk use of its spool
# (data/pacs: the receiver's and the pipeline's folders), instances verified and duplicates in the research PACS.
#
# Usage: pacs-it/bench/cohort/run-benchmark.sh [PATIENTS [INSTANCES_PER_PATIENT]]
# Environment: BENCH_ROUNDS the timed rounds (default 3); BENCH_SKIP_BUILD=1 uses the last build (ear/target,
#              pacs-server/target, pacs-it/target); BENCH_ASSOCIATIONS=1 also prints the store associations open
#              at each research PACS per round;
#              BENCH_XMX (default 512m) the server's -Xmx; BENCH_JFR=file.jfr records the server during the
#              timed part; BENCH_KEEP=1 keeps the work folder (logs) for a look afterwards; BENCH_SERVER_OPTS more
#              server options, e.g. "-Dpacs.staging.workers=2" (-XX:... and -Xlog:... go to its JVM);
#              BENCH_ORTHANC_EXTRA more members of all three Orthancs' configuration, e.g. '"DicomThreadsCount":16'.
#              BENCH_BATCH_THREADS the server's batch thread pool (jobs at once, and the baseline's moves at once)
#              instead of the configuration's.
set -euo pipefail
patients=${1:-20}
per=${2:-250}
[ "$per" -ge 4 ] || { echo "at least 4 instances per patient (CT + RTSTRUCT + RTPLAN + RTDOSE)" >&2; exit 2; }
total=$((patients * per))
# rounds, each a baseline and the module on P patients of its own; the ratio printed is the median of the rounds'
rounds=${BENCH_ROUNDS:-3}
[ "$rounds" -ge 1 ] || { echo "BENCH_ROUNDS must be at least 1" >&2; exit 2; }
cohort=$((rounds * patients))
# warm-up patients, staged (and moved) at once before the timed part: a site's server has run for a while, its JIT
# has compiled the per-instance and per-job paths. One cohort of the same size before the timed one: after 10 x 250
# the compilers still took 4.5 to 4.8 of WildFly's 11 to 12 CPU seconds in the timed part, after 40 x 250 2.3 to 2.9
warm=${BENCH_WARMUP:-$patients}
[ "$warm" -ge 1 ] || { echo "BENCH_WARMUP must be at least 1" >&2; exit 2; }
warm_keys=$(seq -f 'w%g' 1 "$warm" | tr '\n' ' ')
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$(mktemp -d /tmp/cohort-bench.XXXXXX)
pgdir=$(mktemp -d /tmp/cohort-bench-pg.XXXXXX) # its own folder: initdb runs as postgres when we are root
source "$root/scripts/lib-postgres.sh"
pids=()
wf_sh=
wf_java=
cleanup() {
  set +e
  # a server stopped before it deployed: its JVM under standalone.sh
  [ -z "$wf_java" ] && [ -n "$wf_sh" ] && wf_java=$(pgrep -P "$wf_sh" -f jboss-modules.jar)
  [ -n "$wf_java" ] && kill "$wf_java" 2>/dev/null && for _ in $(seq 60); do kill -0 "$wf_java" 2>/dev/null || break; sleep 1; done
  [ -n "$wf_java" ] && kill -9 "$wf_java" 2>/dev/null
  [ -n "$wf_sh" ] && kill "$wf_sh" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  pg_stop "$pgdir"; rm -rf "$pgdir"
  if [ -n "${BENCH_KEEP:-}" ]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in /usr/sbin/Orthanc /usr/bin/movescu /usr/bin/storescu /usr/bin/python3 /usr/bin/curl; do
  [ -x "$tool" ] || { echo "$tool missing: apt-get install orthanc dcmtk python3-pydicom curl" >&2; exit 2; }
done
load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)

# --- build: the EAR, the configured WildFly, pacs-it's test classes (the driver) and their classpath
cpfile="$root/pacs-it/target/cohort-bench-classpath.txt"
if [ -z "${BENCH_SKIP_BUILD:-}" ] || [ ! -f "$cpfile" ]; then
  echo "Building the EAR, the server and the driver (mvn -o package) ..."
  (cd "$root" && mvn -B -q -o -pl pacs-it -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test) >"$work/build.log" 2>&1 \
    || { tail -40 "$work/build.log" >&2; exit 1; }
  cp "$work/cp.txt" "$cpfile"
fi
home="$root/pacs-server/target/wildfly"
[ -x "$home/bin/standalone.sh" ] && [ -f "$root/ear/target/pacs.ear" ] && [ -d "$root/pacs-it/target/test-classes" ] \
  || { echo "no build found: run without BENCH_SKIP_BUILD" >&2; exit 1; }
base="$work/wildfly"
mkdir -p "$base/configuration" "$base/deployments"
cp "$home"/standalone/configuration/*.* "$base/configuration/"
java -Dpacs.ear="$root/ear/target/pacs.ear" -cp "$root/pacs-it/target/test-classes:$(cat "$cpfile")" \
  org.rpb.pacs.it.bench.CohortEar "$base/deployments/pacs.ear"

# --- ports
port_free() { /usr/bin/python3 -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1',$1)); s.close()" 2>/dev/null; }
offset=
for _ in $(seq 50); do
  o=$((20000 + RANDOM % 35000))
  ok=1; for p in 8080 8443 8009 9990 9993 4712 4713; do port_free $((p + o)) || { ok=; break; }; done
  [ -n "$ok" ] && { offset=$o; break; }
done
[ -n "$offset" ] || { echo "no free port offset for WildFly" >&2; exit 1; }
recv=$(free_port)
declare -A dicom http
for o in clinical research baseline; do dicom[$o]=$(free_port); http[$o]=$(free_port); done

# --- PostgreSQL (private, this run's own)
pg_start "$pgdir" >/dev/null

# --- Orthancs, configured alike (as pacs-ejb/bench/staging): no compression, no metrics, no job history,
# 64 KB PDUs, 30 s for a C-STORE peer to answer, files synced to disk; TCP_NODELAY=1 (else dcmtk inside Orthanc
# leaves Nagle's algorithm on and its C-MOVE sender is held to ~11 instances/s)
ORTHANC_TUNING='"StorageCompression":false,"MetricsEnabled":false,"SaveJobs":false,"MaximumPduLength":65536,"DicomScuTimeout":30,"DicomAssociationCloseDelay":5,"SyncStorageArea":true'"${BENCH_ORTHANC_EXTRA:+,$BENCH_ORTHANC_EXTRA}"
declare -A opid
start_orthanc() { # NAME AET MODALITIES
  local d=$work/$1; mkdir -p "$d/storage"
  cat > "$d/orthanc.json" <<JSON
{"Name":"cohort-$1","StorageDirectory":"$d/storage","IndexDirectory":"$d/storage","HttpPort":${http[$1]},
 "DicomPort":${dicom[$1]},"DicomAet":"$2","RemoteAccessAllowed":false,"AuthenticationEnabled":false,
 "DicomCheckCalledAet":true,"DicomAlwaysAllowEcho":true,"DicomAlwaysAllowStore":true,"DicomAlwaysAllowFind":true,
 "DicomAlwaysAllowGet":true,"DicomAlwaysAllowMove":true,"UnknownSopClassAccepted":true,$ORTHANC_TUNING,
 "DicomModalities":{$3}}
JSON
  TCP_NODELAY=1 /usr/sbin/Orthanc "$d/orthanc.json" > "$d/orthanc.log" 2>&1 &
  pids+=($!); opid[$1]=$!
  for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:${http[$1]}/system" && return 0; sleep 0.1; done
  echo "Orthanc $1 did not start" >&2; exit 1
}
start_orthanc clinical CLINICAL "\"BASELINE\":[\"BASELINE\",\"127.0.0.1\",${dicom[baseline]}],\"RPBPACS\":[\"RPBPACS\",\"127.0.0.1\",$recv]"
start_orthanc research RESEARCH ""
start_orthanc baseline BASELINE ""
count() { curl -s "http://127.0.0.1:${http[$1]}/statistics" | sed -n 's/.*"CountInstances" *: *\([0-9]*\).*/\1/p'; }
cpu() { awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$1/stat"; }
cpu_user() { awk '{printf "%.1f", $14 / 100}' "/proc/$1/stat"; }
# the whole machine's busy and total clock ticks (every core), to tell how many of its cores a phase kept busy
machine_ticks() { awk '/^cpu / {b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6}' /proc/stat; }
# cores busy between two machine_ticks readings
cores_busy() { echo "$1 $2" | awk -v n="$(nproc)" '{printf "%.2f", ($3 - $1) / ($4 - $2) * n}'; }
# CPU seconds of a JVM's JIT compiler threads (kept alive: -XX:-UseDynamicNumberOfCompilerThreads)
jit_cpu() {
  local t s=0
  for t in /proc/"$1"/task/*; do
    case $(cat "$t/comm" 2>/dev/null) in C1\ Compiler*|C2\ Compiler*) s=$((s + $(awk '{print $14 + $15}' "$t/stat"))) ;; esac
  done
  echo "scale=1; $s / 100" | bc
}
# every thread of a process: "tid ticks name" (user + system clock ticks), to split the server's CPU by thread group
threads_cpu() {
  local t
  for t in /proc/"$1"/task/*; do
    # a thread may end while it is read: skipped
    awk -v tid="${t##*/}" -v name="$(cat "$t/comm" 2>/dev/null)" '{print tid, $14 + $15, name}' "$t/stat" 2>/dev/null || true
  done
}
# CPU seconds per thread group between two threads_cpu listings (names without their numbers); the threads that
# ended in between (a series' workers) are the process' CPU not found in the second listing
thread_groups() { # BEFORE AFTER TOTAL_SECONDS
  /usr/bin/python3 - "$@" <<'PY'
import collections, re, sys
def read(f):
    out = {}
    for line in open(f):
        tid, ticks, name = (line.rstrip("\n").split(" ", 2) + [""])[:3]
        out[tid] = (int(ticks), re.sub(r"[-#\d ]+$", "", name) or "?")
    return out
before, after, total = read(sys.argv[1]), read(sys.argv[2]), float(sys.argv[3])
g = collections.Counter()
for tid, (ticks, name) in after.items():
    g[name] += (ticks - before.get(tid, (0, name))[0]) / 100
ended = total - sum(g.values())
if ended > 0.05:
    g["(threads that ended: series' workers)"] += ended
print(", ".join(f"{n} {s:.1f}" for n, s in g.most_common(8) if s >= 0.1))
PY
}
# database sessions opened so far (a pool that keeps its connections opens few; each costs a SCRAM handshake)
pg_sessions() { PGPASSWORD=$PG_PASSWORD "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -Atc \
  "SELECT sessions FROM pg_stat_database WHERE datname = current_database()" 2>/dev/null || echo 0; }
# CPU seconds of the PostgreSQL cluster: the postmaster with its ended children, plus its live backends
pg_cpu() {
  local pm k t=0
  pm=$(head -1 "$pgdir/data/postmaster.pid")
  t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
  for k in $(pgrep -P "$pm"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$k/stat" 2>/dev/null || echo 0))); done
  echo "scale=1; $t / 100" | bc
}

# --- the cohort: P patients enrolled in Study0 at DD (a portal data file: the demo's plus these subjects),
# each with one study of I instances in the clinical PACS; one more patient for the warm-up
echo "Generating $rounds x $patients x $per instances (+ $warm x $per for the warm-up) and loading the clinical PACS ..."
tag_of() { case $1 in w*) echo "WARM${1#w}" ;; *) printf '%04d' "$1" ;; esac; }
his() { echo "CB-HIS-$(tag_of "$1")"; }
pid_of() { echo "PID-CB-$(tag_of "$1")"; }
# the files follow from the arguments (seeded UIDs), so they are generated once per size into the build folder
# (pacs-it/target, gone with mvn clean) and linked into this run's folder
cache="$root/pacs-it/target/cohort-studies/$per"
mkdir -p "$cache" "$work/studies"
gen=()
for k in $warm_keys $(seq 1 "$cohort"); do
  if [ ! -f "$cache/p$k/.complete" ]; then
    rm -rf "$cache/p$k"
    ( /usr/bin/python3 "$root/scripts/testdata/make_rt_study.py" --out "$cache/p$k" --patient-id "$(his "$k")" \
        --patient-name "Cohort^Patient$k" --slices $((per - 3)) --seed "cohort-$k" >/dev/null && touch "$cache/p$k/.complete" ) &
    gen+=($!)
  fi
  if [ ${#gen[@]} = 2 ]; then wait "${gen[@]}"; gen=(); fi
  ln -s "$cache/p$k" "$work/studies/p$k"
done
[ ${#gen[@]} = 0 ] || wait "${gen[@]}"
for k in $warm_keys $(seq 1 "$cohort"); do [ -f "$cache/p$k/.complete" ] || { echo "generating patient $k failed" >&2; exit 1; }; done
# TCP_NODELAY=1: without it dcmtk's storescu waits for Nagle's algorithm after every instance (minutes for the load)
(cd "$work/studies" && TCP_NODELAY=1 /usr/bin/storescu -aet BENCH -aec CLINICAL 127.0.0.1 "${dicom[clinical]}" p*/*.dcm) \
  >"$work/load.log" 2>&1 || { tail -20 "$work/load.log" >&2; exit 1; }
[ "$(count clinical)" = "$((rounds * total + warm * per))" ] || { echo "clinical PACS holds $(count clinical) instances, expected $((rounds * total + warm * per))" >&2; exit 1; }
/usr/bin/python3 - "$root/pacs-ejb/src/main/resources/demo/portal-demo.json" "$work/portal-cohort.json" "$cohort" "$warm" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
for tag in ["WARM%d" % w for w in range(1, int(sys.argv[4]) + 1)] + ["%04d" % k for k in range(1, int(sys.argv[3]) + 1)]:
    data["subjects"].append({"study": "STUDY0", "site": "DD", "pid": "PID-CB-" + tag, "subjectId": "S0-DD-CB" + tag,
                             "enrolled": "2025-01-10", "his": "CB-HIS-" + tag, "sex": "O", "birthYear": None})
data["_comment"] = "The demo portal data plus the cohort benchmark's Study0 patients (generated by run-benchmark.sh)."
json.dump(data, open(sys.argv[2], "w"), indent=1)
PY
study_of() { /usr/bin/python3 -c "import pydicom,glob; print(pydicom.dcmread(sorted(glob.glob('$work/studies/p$1/*.dcm'))[0]).StudyInstanceUID)"; }
for k in $warm_keys $(seq 1 "$cohort"); do study_of "$k"; done > "$work/studies.txt"

# --- the server: demo configuration (standalone.xml), PostgreSQL, the cohort portal data
if [ -n "${BENCH_BATCH_THREADS:-}" ]; then
  # an experiment on the jobs run at once: the batch pool of this run's copy of the configuration
  sed -i -E '/<thread-pool name="batch">/,/<\/thread-pool>/ s|<max-threads count="[^"]+"/>|<max-threads count="'"$BENCH_BATCH_THREADS"'"/>|' \
    "$base/configuration/standalone.xml"
fi
# where each staging run's time goes: the pipeline's FINE line per run (counts and milliseconds only)
sed -i 's|<logger category="com.arjuna">|<logger category="org.rpb.pacs.staging.StagingPipeline"><level name="DEBUG"/></logger>&|' \
  "$base/configuration/standalone.xml"
grep -q 'category="org.rpb.pacs.staging.StagingPipeline"' "$base/configuration/standalone.xml" \
  || echo "note: no logger anchor in standalone.xml; the median staging run is not printed" >&2
concurrency=$(/usr/bin/python3 - "$base/configuration/standalone.xml" <<'PY'
import re, sys
xml = open(sys.argv[1]).read()
m = re.search(r'<thread-pool name="batch">\s*<max-threads count="([^"]+)"', xml)
v = m.group(1)
e = re.fullmatch(r'\$\{[^:}]+:(\d+)\}', v)
print(e.group(1) if e else v)
PY
)
xmx=${BENCH_XMX:-512m}
echo "Starting WildFly (port offset $offset, -Xmx$xmx, $concurrency batch threads) ..."
# BENCH_SERVER_OPTS: JVM options (-XX:..., -Xlog:...) go to the JVM, the rest (-Dname=value) to the server
jvm_opts=(); server_opts=()
for o in ${BENCH_SERVER_OPTS:-}; do case $o in -XX:*|-Xlog:*) jvm_opts+=("$o") ;; *) server_opts+=("$o") ;; esac; done
JAVA_OPTS="${jvm_opts[*]:-} -Xms64m -Xmx$xmx -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m -Djava.net.preferIPv4Stack=true \
-Djava.awt.headless=true -XX:-UseDynamicNumberOfCompilerThreads -Xlog:gc:file=$work/gc.log:uptimemillis" LAUNCH_JBOSS_IN_BACKGROUND=1 \
  "$home/bin/standalone.sh" -c standalone.xml -Djboss.server.base.dir="$base" \
  -Djboss.socket.binding.port-offset="$offset" -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1 \
  -Dpacs.db.driver=postgresql "-Dpacs.db.url=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB" -Dpacs.db.user="$PG_USER" \
  -Dpacs.db.password="$PG_PASSWORD" -Dpacs.demo.data=true -Dpacs.demo.data.file="$work/portal-cohort.json" \
  -Dpacs.clinical.node="CLINICAL@127.0.0.1:${dicom[clinical]}" -Dpacs.research.node="RESEARCH@127.0.0.1:${dicom[research]}" \
  -Dpacs.receiver.aet=RPBPACS -Dpacs.receiver.port="$recv" -Dpacs.exchange.dir="$work/exchange" \
  "${server_opts[@]}" >"$work/wildfly-console.log" 2>&1 &
wf_sh=$!
driver() { curl -s -f --max-time 600 "http://127.0.0.1:$((8080 + offset))/pacs-it/cohort-driver?$1"; }
for _ in $(seq 600); do
  [ "$(driver op=ping 2>/dev/null)" = ok ] && break
  kill -0 "$wf_sh" 2>/dev/null || { tail -30 "$work/wildfly-console.log" >&2; exit 1; }
  sleep 0.5
done
[ "$(driver op=ping 2>/dev/null)" = ok ] || { echo "WildFly did not deploy; see $base/log/server.log" >&2; exit 1; }
# the server's JVM (standalone.sh runs it in the background and waits for it)
wf_java=$(pgrep -P "$wf_sh" -f jboss-modules.jar || true)
[ -n "$wf_java" ] || { echo "no WildFly JVM found" >&2; exit 1; }

# stages the patients KEY... through the driver, waits for every job to end; sets began, ended (server ms)
stage() {
  local list="" k out jobs
  for k in "$@"; do list="$list${list:+,}$(pid_of "$k")"; done
  out=$(driver "op=cohort&pids=$list") || { echo "the driver refused the cohort: $out" >&2; exit 1; }
  began=$(echo "$out" | sed -n 's/^began=//p'); jobs=$(echo "$out" | sed -n 's/^jobs=//p')
  found=$(echo "$out" | sed -n 's/^found=//p'); requested=$(echo "$out" | sed -n 's/^started=//p')
  [ "$(echo "$jobs" | tr ',' '\n' | grep -c .)" = "$#" ] || { echo "expected $# jobs: $out" >&2; exit 1; }
  # the end is each job's own finished_at: polling seldom costs the server little and loses no precision
  while sleep 2; do
    driver "op=jobs&ids=$jobs" > "$work/jobs.txt"
    awk '$6 == 0 {r++} END {exit r > 0}' "$work/jobs.txt" && break
    kill -0 "$wf_java" 2>/dev/null || { echo "WildFly died" >&2; exit 1; }
  done
  ended=$(awk 'BEGIN {m = 0} $6 > m {m = $6} END {print m}' "$work/jobs.txt")
}
verified_jobs() { awk -v per="$1" '$2 == "COMPLETED" && $3 == per && $4 == per && $5 == 0 {n++} END {print n + 0}' "$work/jobs.txt"; }
verified_sum() { awk '{v += $4} END {print v + 0}' "$work/jobs.txt"; }

echo "Warm-up (untimed): $warm patient(s) staged by the server at once, moved by the clinical PACS ..."
# shellcheck disable=SC2086
stage $warm_keys
[ "$(verified_jobs "$per")" = "$warm" ] || { echo "warm-up jobs did not verify: $(cat "$work/jobs.txt")" >&2; exit 1; }
sed -n "1,${warm}p" "$work/studies.txt" | xargs -P "$concurrency" -I{} /usr/bin/movescu -aet BENCH -aec CLINICAL \
  -aem BASELINE -S -k QueryRetrieveLevel=STUDY -k StudyInstanceUID={} 127.0.0.1 "${dicom[clinical]}" >/dev/null 2>&1

# --- the timed part: R rounds, each a baseline and then the module, each on its own P patients (a round's
# studies are new to both research PACS). One round is at the mercy of a shared 2-core machine (the same baseline
# took 8.9 to 10.9 s in three quiet runs), so each round's ratio is printed and the median is the result.
( peak=0; while kill -0 "$wf_java" 2>/dev/null; do
    s=$(du -sb "$base/data/pacs" 2>/dev/null | cut -f1); s=${s:-0}
    [ "$s" -gt "$peak" ] && { peak=$s; echo "$peak" > "$work/spool-peak"; }
    sleep 0.25
  done ) &
sampler=$!; pids+=($sampler)
# BENCH_ASSOCIATIONS=1: the store associations open at each research PACS (its established DICOM connections, every
# 0.2 s; Orthanc serves them on 4 threads, each held by an association until its next command comes). Off by default:
# the probe's CPU slows the busier baseline a little more than the module
assoc_at() { ss -Htn state established "( sport = :$1 )" | wc -l; }
if [ -n "${BENCH_ASSOCIATIONS:-}" ]; then
  ( while kill -0 "$wf_java" 2>/dev/null; do
      echo "$(date +%s%3N) $(assoc_at "${dicom[research]}") $(assoc_at "${dicom[baseline]}")"
      sleep 0.2
    done ) > "$work/associations.txt" &
  pids+=($!)
fi
# mean / peak of a column of associations.txt between two times (s.ns)
assoc_stats() {
  [ -f "$work/associations.txt" ] || { printf -- -; return 0; }
  awk -v a="$(echo "$1 * 1000 / 1" | bc)" -v b="$(echo "$2 * 1000 / 1" | bc)" -v col="$3" \
    '$1 >= a && $1 <= b {s += $col; n++; if ($col > m) m = $col} END {if (n) printf "%.1f / %d", s / n, m; else printf "-"}' \
    "$work/associations.txt"
}
gc0=$(wc -l < "$work/gc.log")
s0=$(pg_sessions)
[ -n "${BENCH_JFR:-}" ] && jcmd "$wf_java" JFR.start name=cohort settings=profile filename="$BENCH_JFR" >/dev/null
# the server's uptime at the start and end of the timed part, to read its logs (-XX:+PrintCompilation) against
[ -n "${BENCH_KEEP:-}" ] && jcmd "$wf_java" VM.uptime | tail -1 > "$work/timed-uptime.txt"
# CPU seconds summed over the rounds (baseline: clinical, research B; module: clinical, research A, WildFly, its user
# part, its JIT, PostgreSQL); the server's threads are listed around each module part
bc_s=0; bb_s=0; mc_s=0; mr_s=0; wf_s=0; wf_user=0; wf_jit=0; mp_s=0
base_sum=0; mod_sum=0; verified=0; ok_jobs=0; ratios=(); round_rows=""; base_busy=(); mod_busy=(); base_assoc=(); mod_assoc=()
log0=$(wc -l < "$base/log/server.log")
: > "$work/threads-groups.txt"
for r in $(seq 1 "$rounds"); do
  first=$(( (r - 1) * patients + 1 )); last=$(( r * patients ))
  # a site's server is idle between cohorts: its compilers finish what the jobs before queued (at most 30 s)
  idle_t0=$(date +%s.%N); idle_j0=$(jit_cpu "$wf_java"); idle_last=$idle_j0
  for _ in $(seq 30); do
    sleep 1; j=$(jit_cpu "$wf_java")
    [ "$(echo "$j - $idle_last < 0.02" | bc)" = 1 ] && { idle_last=$j; break; }
    idle_last=$j
  done
  idle=$(printf '%.0f s; %.1f CPU s' "$(echo "$(date +%s.%N) - $idle_t0" | bc -l)" "$(echo "$idle_last - $idle_j0" | bc -l)")
  echo "Round $r of $rounds: baseline, $patients C-MOVEs clinical -> research B, $concurrency at once ..."
  n0=$(count baseline); c0=$(cpu "${opid[clinical]}"); b0=$(cpu "${opid[baseline]}"); m0=$(machine_ticks)
  t0=$(date +%s.%N)
  sed -n "$((warm + first)),$((warm + last))p" "$work/studies.txt" | xargs -P "$concurrency" -I{} /usr/bin/movescu -aet BENCH \
    -aec CLINICAL -aem BASELINE -S -k QueryRetrieveLevel=STUDY -k StudyInstanceUID={} 127.0.0.1 "${dicom[clinical]}" >/dev/null 2>&1
  t1=$(date +%s.%N)
  base_busy+=("$(cores_busy "$m0" "$(machine_ticks)")"); base_assoc+=("$(assoc_stats "$t0" "$t1" 3)")
  bc_s=$(echo "$bc_s + $(cpu "${opid[clinical]}") - $c0" | bc); bb_s=$(echo "$bb_s + $(cpu "${opid[baseline]}") - $b0" | bc)
  base_n=$(( $(count baseline) - n0 ))
  [ "$base_n" = "$total" ] || { echo "baseline round $r moved $base_n of $total" >&2; exit 1; }
  round_base=$(echo "$t1 - $t0" | bc -l)

  echo "Round $r of $rounds: module, the pasted list of $patients PIDs staged through the server ..."
  c0=$(cpu "${opid[clinical]}"); r0=$(cpu "${opid[research]}"); w0=$(cpu "$wf_java"); wu0=$(cpu_user "$wf_java")
  j0=$(jit_cpu "$wf_java"); g0=$(pg_cpu)
  threads_cpu "$wf_java" > "$work/threads-before.txt"
  m0=$(machine_ticks); tm0=$(date +%s.%N)
  # shellcheck disable=SC2046
  stage $(seq "$first" "$last")
  mod_busy+=("$(cores_busy "$m0" "$(machine_ticks)")"); mod_assoc+=("$(assoc_stats "$tm0" "$(date +%s.%N)" 2)")
  w1=$(cpu "$wf_java"); j1=$(jit_cpu "$wf_java")
  threads_cpu "$wf_java" > "$work/threads-after.txt"
  thread_groups "$work/threads-before.txt" "$work/threads-after.txt" "$(echo "$w1 - $w0" | bc)" >> "$work/threads-groups.txt"
  wf_s=$(echo "$wf_s + $w1 - $w0" | bc); wf_user=$(echo "$wf_user + $(cpu_user "$wf_java") - $wu0" | bc)
  wf_jit=$(echo "$wf_jit + $j1 - $j0" | bc)
  mc_s=$(echo "$mc_s + $(cpu "${opid[clinical]}") - $c0" | bc); mr_s=$(echo "$mr_s + $(cpu "${opid[research]}") - $r0" | bc)
  mp_s=$(echo "$mp_s + $(pg_cpu) - $g0" | bc)
  round_mod=$(echo "($ended - $began) / 1000" | bc -l)
  round_verified=$(verified_sum); round_ok=$(verified_jobs "$per")
  verified=$((verified + round_verified)); ok_jobs=$((ok_jobs + round_ok))
  base_sum=$(echo "$base_sum + $round_base" | bc -l); mod_sum=$(echo "$mod_sum + $round_mod" | bc -l)
  ratio=$(echo "($round_verified / $round_mod) / ($total / $round_base)" | bc -l)
  ratios+=("$ratio")
  round_rows+=$(printf '| %d | %s | %.1f | %.1f | %.1f (%.1f) | %d / %d | %.2f |' "$r" "$idle" "$round_base" "$round_mod" \
    "$(echo "$w1 - $w0" | bc)" "$(echo "$j1 - $j0" | bc)" "$round_verified" "$total" "$ratio")$'\n'
  printf 'round %d: baseline %.1f s, module %.1f s, ratio %.2f\n' "$r" "$round_base" "$round_mod" "$ratio"
done
[ -n "${BENCH_JFR:-}" ] && jcmd "$wf_java" JFR.stop name=cohort >/dev/null
[ -n "${BENCH_KEEP:-}" ] && jcmd "$wf_java" VM.uptime | tail -1 >> "$work/timed-uptime.txt"
all=$((rounds * total))
base_cpu="clinical $bc_s s, research B $bb_s s"; base_total=$(echo "$bc_s + $bb_s" | bc)
mod_cpu="clinical $mc_s s, research A $mr_s s, WildFly $wf_s s, PostgreSQL $mp_s s"
mod_total=$(echo "$mc_s + $mr_s + $wf_s + $mp_s" | bc)
sessions=$(( $(pg_sessions) - s0 ))
kill "$sampler" 2>/dev/null || true
research_n=$(( $(count research) - warm * per ))
duplicates=$((research_n - verified))
spool_peak=$(cat "$work/spool-peak" 2>/dev/null || echo 0)
heap=$(tail -n +"$((gc0 + 1))" "$work/gc.log" | /usr/bin/python3 -c '
import re, sys
before = after = committed = 0; n = 0
for line in sys.stdin:
    m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
    if m:
        n += 1; b, a, c = map(int, m.groups())
        before, after, committed = max(before, b), max(after, a), max(committed, c)
print(f"{before} {after} {committed} {n}")')
read -r heap_before heap_after heap_committed gcs <<< "$heap"
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')

printf '\n| round (%d patients x %d instances, %d at once) | compilers idle after (waited; their CPU) | plain C-MOVE clinical -> research B (Orthanc to Orthanc) s | module: pasted list -> %d staging jobs in WildFly (move, de-identify, store, verify, progress rows) s | WildFly CPU s (JIT) | verified | ratio |\n' \
  "$patients" "$per" "$concurrency" "$patients"
printf '| --- | --- | ---: | ---: | --- | ---: | ---: |\n'
printf '%s' "$round_rows"
printf '| all %d rounds: instances/s | | %.1f | %.1f | | %d / %d | %.2f |\n' "$rounds" "$(echo "$all / $base_sum" | bc -l)" \
  "$(echo "$verified / $mod_sum" | bc -l)" "$verified" "$all" "$(echo "($verified / $mod_sum) / ($all / $base_sum)" | bc -l)"
printf '| **ratio: median of the rounds** | | | | | | **%.2f** |\n' "$median"
printf '\n| server, timed part (%d rounds) | value |\n| --- | --- |\n' "$rounds"
printf '| jobs COMPLETED with every instance verified | %d / %d |\n' "$ok_jobs" "$((rounds * patients))"
printf '| instances verified | %d / %d |\n' "$verified" "$all"
printf '| duplicates in the research PACS | %d (it holds %d of the cohorts) |\n' "$duplicates" "$research_n"
printf '| heap: peak before GC / peak after GC / peak committed (-Xmx%s) | %d / %d / %d MB (%d GCs) |\n' "$xmx" "$heap_before" "$heap_after" "$heap_committed" "$gcs"
printf '| spool peak disk use (data/pacs) | %.1f MB |\n' "$(echo "$spool_peak / 1048576" | bc -l)"
printf '| CPU seconds, all rounds: baseline | %s |\n| CPU seconds, all rounds: module | %s |\n' "$base_cpu" "$mod_cpu"
# on a machine whose cores are busy the ratio follows these: CPU per instance of each whole path, every process
printf '| CPU per instance, all processes: baseline / module (ratio) | %.2f / %.2f ms (%.2f) |\n' \
  "$(echo "$base_total * 1000 / $all" | bc -l)" "$(echo "$mod_total * 1000 / $all" | bc -l)" "$(echo "$base_total / $mod_total" | bc -l)"
printf '| research PACS CPU per instance stored: baseline B / module A | %.2f / %.2f ms |\n' \
  "$(echo "$bb_s * 1000 / $all" | bc -l)" "$(echo "$mr_s * 1000 / $all" | bc -l)"
printf '| WildFly CPU per instance (user / system; of it JIT compilers) | %.2f ms (%.1f / %.1f s; %.1f s) |\n' \
  "$(echo "$wf_s * 1000 / $all" | bc -l)" "$wf_user" "$(echo "$wf_s - $wf_user" | bc)" "$wf_jit"
awk '{printf "| WildFly CPU seconds by thread group, round %d | %s |\n", NR, $0}' "$work/threads-groups.txt"
printf '| database sessions opened (pool growth) | %d |\n' "$sessions"
# both paths keep the machine's cores about as busy: the ratio then follows the CPU per instance above
printf '| cores busy, the whole machine (of %d), per round: baseline / module | %s / %s |\n' "$(nproc)" \
  "$(IFS=,; echo "${base_busy[*]}" | sed 's/,/, /g')" "$(IFS=,; echo "${mod_busy[*]}" | sed 's/,/, /g')"
[ -n "${BENCH_ASSOCIATIONS:-}" ] && printf '| store associations open at the research PACS, mean / peak per round: baseline (B) ; module (A) | %s ; %s |\n' \
  "$(IFS=,; echo "${base_assoc[*]}" | sed 's/,/, /g')" "$(IFS=,; echo "${mod_assoc[*]}" | sed 's/,/, /g')"
# a run of series (StagingPipeline's FINE line): when its retrieve ended, its last instance was stored, it was verified
tail -n +"$((log0 + 1))" "$base/log/server.log" | /usr/bin/python3 -c '
import re, statistics, sys
runs = [tuple(map(int, m.groups())) for m in (re.search(r"run of \d+ series, (\d+) instances to copy: first arrival "
        r"after -?\d+ ms, retrieve ended after (\d+) ms, all stored after (\d+) ms, verified after (\d+) ms", l)
        for l in sys.stdin) if m and int(m.group(1)) > 0]
if runs:
    med = lambda k: statistics.median(r[k] for r in runs) / 1000
    print(f"| a staging run, median of {len(runs)} ({statistics.median(r[0] for r in runs):.0f} instances): s after its start "
          f"| retrieve ended {med(1):.1f}, all stored {med(2):.1f}, verified {med(3):.1f} |")'
# seconds after the request: lookup done, all jobs requested, first and last batch execution start, first and last end
awk -v b="$began" -v f="$found" -v r="$requested" 'BEGIN {fs = 1e18; ls = 0; fe = 1e18; le = 0}
  {if ($8 < fs) fs = $8; if ($8 > ls) ls = $8; if ($6 < fe) fe = $6; if ($6 > le) le = $6}
  END {printf "| timeline of the last round (s after the request) | lookup %.1f, all jobs requested %.1f, executions began %.1f to %.1f, ended %.1f to %.1f |\n",
       (f - b) / 1000, (r - b) / 1000, (fs - b) / 1000, (ls - b) / 1000, (fe - b) / 1000, (le - b) / 1000}' "$work/jobs.txt"
printf '\n%s; warm-up %d x %d instances; %d rounds; load average before %s, after %s; %d cores\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  "$warm" "$per" "$rounds" "$load_before" "$(load)" "$(nproc)"
[ "$ok_jobs" = "$((rounds * patients))" ] && [ "$verified" = "$all" ] && [ "$duplicates" = 0 ] \
  || { echo "NOT all verified once: see $work (kept)"; BENCH_KEEP=1; exit 1; }
