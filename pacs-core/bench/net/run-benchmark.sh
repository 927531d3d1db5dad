#!/usr/bin/env bash
# Network throughput of pacs-core's DIMSE code against dcmtk, both directions, on loopback:
#   send:    our C-STORE client -> dcmtk storescp  vs  dcmtk storescu -> storescp
#            (twice: pacs-dicom.jar store in a new JVM, and the client in a warmed-up JVM as in the server)
#   receive: dcmtk storescu -> our receiver (pacs-dicom.jar receive)       vs  dcmtk storescu -> storescp
# N small CT instances (copies of pydicom's CT_small.dcm with distinct UIDs, generated here, default 2000).
# Times are wall-clock of the sending command, JVM start included for our client. Target: ratio >= 0.8.
#   orthanc: our C-STORE client -> a fresh Orthanc (TCP_NODELAY=1, configured like the research PACS of the
#            tests) vs dcmtk storescu -R -> a fresh Orthanc alike, one association for all files; our client as
#            the CLI (new JVM), warm in one association, warm in batches of 50 (as the upload job stores) and warm
#            through a StoreSession of instances in memory (as staging stores); per-instance ms and CPU
# Usage: pacs-core/bench/net/run-benchmark.sh [N [ORTHANC_N]]   (builds pacs-core/target/pacs-dicom.jar if missing)
#        PARTS="orthanc" to run some parts only (default "storescp receive orthanc"); ROUNDS (default 3);
#        STUDY=rt: the Orthanc part sends a CT + RTSTRUCT + RTPLAN + RTDOSE study of ORTHANC_N instances
#        (scripts/testdata/make_rt_study.py, as the upload benchmark) instead of CT_small copies
#        BENCH_JAR=/path/pacs-dicom.jar: measure that build (e.g. an older one, to compare in the same hour)
set -euo pipefail
N=${1:-2000}
ORTHANC_N=${2:-500}
PARTS=${PARTS:-storescp receive orthanc}
has() { [[ " $PARTS " == *" $1 "* ]]; }
if has orthanc && [ "$ORTHANC_N" -gt $((N - 100)) ]; then ORTHANC_N=$((N - 100)); fi
HERE=$(cd "$(dirname "$0")" && pwd)
CORE=$(cd "$HERE/../.." && pwd)
JAR=${BENCH_JAR:-"$CORE/target/pacs-dicom.jar"}
WORK="$CORE/target/bench-net"
for tool in storescu storescp /usr/sbin/Orthanc; do
  command -v $tool >/dev/null || { echo "$tool missing: apt-get install dcmtk orthanc" >&2; exit 1; }
done
/usr/bin/python3 -c 'import pydicom' 2>/dev/null || { echo "pydicom missing: apt-get install python3-pydicom" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
  (cd "$CORE/.." && mvn -q -pl pacs-core package -DskipTests)
fi
rm -rf "$WORK"; mkdir -p "$WORK"
# a private copy: a concurrent build must not replace the jar under a running JVM
cp "$JAR" "$WORK/pacs-dicom.jar"; JAR="$WORK/pacs-dicom.jar"
# dcmtk (Debian build) leaves Nagle's algorithm on unless told: without this its own
# storescu -> storescp runs at ~15 instances/s here; the baseline is dcmtk at its best
export TCP_NODELAY=1
echo "generating $N instances ..."
/usr/bin/python3 "$HERE/generate.py" "$WORK/in" "$N"
BYTES=$(du -sb "$WORK/in" | cut -f1)

freeport() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now() { date +%s.%N; }
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for f in "$WORK"/orthanc-*/pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
}
trap cleanup EXIT

waitport() {
  for _ in $(seq 1 200); do
    if (echo > /dev/tcp/127.0.0.1/$1) 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "nothing listens on port $1" >&2; exit 1
}

start_storescp() { # dir port
  mkdir -p "$1"
  storescp -aet DCMTK -od "$1" "$2" >"$1.log" 2>&1 &
  PIDS+=($!); waitport "$2"
}


ROUNDS=${ROUNDS:-3}
best() { if [ -z "$1" ] || (( $(echo "$2 < $1" | bc -l) )); then echo "$2"; else echo "$1"; fi; }
timed() { # LOG COMMAND...: runs the command with its output in LOG, prints the seconds it took
  local log=$1 t0 t1; shift; t0=$(now); "$@" >"$log" 2>&1 </dev/null; t1=$(now); echo "$t1 - $t0" | bc -l; }
files_in() { find "$1" -maxdepth 1 -type f | wc -l; }
mkdir -p "$WORK/warm"; ALL=("$WORK"/in/*.dcm); cp "${ALL[@]:0:200}" "$WORK/warm/"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

if has storescp; then
# 1. sending: dcmtk storescu and our client (a new JVM each time, as an administrator runs it), each
#    to its own fresh storescp; best of $ROUNDS rounds each, alternating, against the noise of a shared machine
SEND_DCMTK=""; SEND_OURS=""; SEND_WARM=""
for r in $(seq 1 "$ROUNDS"); do
  P=$(freeport); start_storescp "$WORK/scp-a$r" "$P"
  T=$(timed "$WORK/storescu-a$r.log" storescu -aet BENCH -aec DCMTK +sd 127.0.0.1 "$P" "$WORK/in")
  [ "$(files_in "$WORK/scp-a$r")" -eq "$N" ] || { echo "send: storescp got $(files_in "$WORK/scp-a$r") of $N from storescu" >&2; exit 1; }
  SEND_DCMTK=$(best "$SEND_DCMTK" "$T")
  P=$(freeport); start_storescp "$WORK/scp-b$r" "$P"
  T=$(timed "$WORK/ours-send$r.log" java -jar "$JAR" store --calling BENCH "DCMTK@127.0.0.1:$P" "$WORK/in")
  [ "$(files_in "$WORK/scp-b$r")" -eq "$N" ] || { echo "send: storescp got $(files_in "$WORK/scp-b$r") of $N from our client" >&2; exit 1; }
  SEND_OURS=$(best "$SEND_OURS" "$T")
  # the same client in a long-running, warmed-up JVM, as inside the server
  P=$(freeport); start_storescp "$WORK/scp-e$r" "$P"
  T=$(java -cp "$JAR" "$HERE/SendBench.java" "DCMTK@127.0.0.1:$P" "$WORK/warm" "$WORK/in" 2>"$WORK/ours-send-warm$r.log" </dev/null | cut -d' ' -f1)
  [ "$(files_in "$WORK/scp-e$r")" -eq "$N" ] || { echo "send: storescp got $(files_in "$WORK/scp-e$r") of $N from our warm client" >&2; exit 1; }
  SEND_WARM=$(best "${SEND_WARM:-}" "$T")
  rm -rf "$WORK/scp-a$r" "$WORK/scp-b$r" "$WORK/scp-e$r"
done
fi

if has receive; then
# 2. receiving: one storescp and one of our receivers (long-running, as in a server), each warmed up with
#    200 instances, then storescu sends the N instances to each; best of $ROUNDS rounds
P1=$(freeport); start_storescp "$WORK/scp-c" "$P1"
P2=$(freeport); mkdir -p "$WORK/ours-recv"
java -jar "$JAR" receive --aet RECV --port "$P2" --dir "$WORK/ours-recv" >"$WORK/ours-recv.log" 2>&1 &
PIDS+=($!); waitport "$P2"
storescu -aet BENCH -aec DCMTK +sd 127.0.0.1 "$P1" "$WORK/warm" >/dev/null 2>&1
storescu -aet BENCH -aec RECV +sd 127.0.0.1 "$P2" "$WORK/warm" >/dev/null 2>&1
RECV_DCMTK=""; RECV_OURS=""
for r in $(seq 1 "$ROUNDS"); do
  find "$WORK/scp-c" -maxdepth 1 -type f -delete; find "$WORK/ours-recv" -maxdepth 1 -type f -delete
  T=$(timed "$WORK/storescu-c$r.log" storescu -aet BENCH -aec DCMTK +sd 127.0.0.1 "$P1" "$WORK/in")
  [ "$(files_in "$WORK/scp-c")" -eq "$N" ] || { echo "receive: storescp kept $(files_in "$WORK/scp-c") of $N" >&2; exit 1; }
  RECV_DCMTK=$(best "$RECV_DCMTK" "$T")
  T=$(timed "$WORK/storescu-d$r.log" storescu -aet BENCH -aec RECV +sd 127.0.0.1 "$P2" "$WORK/in")
  [ "$(find "$WORK/ours-recv" -maxdepth 1 -name '*.dcm' | wc -l)" -eq "$N" ] || { echo "receive: our receiver kept $(find "$WORK/ours-recv" -maxdepth 1 -name '*.dcm' | wc -l) of $N" >&2; exit 1; }
  RECV_OURS=$(best "$RECV_OURS" "$T")
done
fi

if has orthanc; then
# 3. sending into Orthanc, the peer the module stores into: every path gets its own fresh Orthanc per round
#    (an empty index, as the baseline's), warmed up with 100 instances, then the first ORTHANC_N instances
#    in one association (storescu -R, our CLI, our warm client), in batches of 50 or through a session
start_orthanc() { # DIR -> its DICOM port
  local d=$1 dp hp; mkdir -p "$d/storage"; dp=$(freeport); hp=$(freeport)
  cat >"$d/orthanc.json" <<J
{ "Name": "bench", "StorageDirectory": "$d/storage", "IndexDirectory": "$d/storage", "HttpPort": $hp, "DicomPort": $dp,
  "DicomAet": "ORTHANC", "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomCheckCalledAet": true,
  "DicomCheckModalityHost": false, "DicomAlwaysAllowEcho": true, "DicomAlwaysAllowStore": true,
  "UnknownSopClassAccepted": true, "StorageCompression": false, "MetricsEnabled": false, "SaveJobs": false,
  "MaximumPduLength": 65536, "DicomScuTimeout": 30, "Plugins": [], "DicomModalities": {} }
J
  /usr/sbin/Orthanc --logdir="$d" "$d/orthanc.json" >"$d/orthanc.out" 2>&1 &
  echo $! >"$d/pid"; waitport "$dp" >&2; echo "$dp"
}
stop_orthanc() { kill "$(cat "$1/pid")" 2>/dev/null || true; rm -rf "$1"; }
orthanc_count() { curl -s "http://127.0.0.1:$(grep -o '"HttpPort": [0-9]*' "$1/orthanc.json" | grep -o '[0-9]*$')/statistics" \
  | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])'; }
mkdir -p "$WORK/o-in" "$WORK/o-warm"; cp "${ALL[@]:$ORTHANC_N:100}" "$WORK/o-warm/"
if [ "${STUDY:-ct}" = rt ]; then
  # the upload benchmark's mix: N - 3 CT slices, an RT structure set (~0.5 MB), plan and dose
  /usr/bin/python3 "$CORE/../scripts/testdata/make_rt_study.py" --out "$WORK/o-in" --patient-id BENCH1 \
    --patient-name "BENCH^ONE" --slices $((ORTHANC_N - 3)) --seed bench >/dev/null
else
  cp "${ALL[@]:0:$ORTHANC_N}" "$WORK/o-in/"
fi
ON=$(files_in "$WORK/o-in"); OW=$(files_in "$WORK/o-warm")
O_PATHS="storescu cli files batch50 session"
declare -A O_BEST O_CPU
for r in $(seq 1 "$ROUNDS"); do
  for path in $O_PATHS; do
    D="$WORK/orthanc-$path-$r"; P=$(start_orthanc "$D")
    case $path in
      storescu)
        storescu -R -aet BENCH -aec ORTHANC +sd 127.0.0.1 "$P" "$WORK/o-warm" >/dev/null 2>&1
        T=$(timed "$WORK/o-$path$r.log" storescu -R -aet BENCH -aec ORTHANC +sd 127.0.0.1 "$P" "$WORK/o-in"); C="" ;;
      cli)
        java -jar "$JAR" store --calling BENCH "ORTHANC@127.0.0.1:$P" "$WORK/o-warm" >/dev/null 2>&1
        T=$(timed "$WORK/o-$path$r.log" java -jar "$JAR" store --calling BENCH "ORTHANC@127.0.0.1:$P" "$WORK/o-in"); C="" ;;
      *)
        OUT=$(java -cp "$JAR" "$HERE/SendBench.java" "ORTHANC@127.0.0.1:$P" "$WORK/o-warm" "$WORK/o-in" "$path" 2>"$WORK/o-$path$r.log" </dev/null)
        T=${OUT% *}; C=${OUT#* } ;;
    esac
    GOT=$(orthanc_count "$D")
    [ "$GOT" -eq "$((ON + OW))" ] || { echo "orthanc/$path: Orthanc holds $GOT of $((ON + OW)) instances" >&2; exit 1; }
    stop_orthanc "$D"
    if [ -z "${O_BEST[$path]:-}" ] || (( $(echo "$T < ${O_BEST[$path]}" | bc -l) )); then O_BEST[$path]=$T; O_CPU[$path]=$C; fi
  done
done
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

rate() { echo "$N / $1" | bc -l; }
printf '\n%s, load average %s before, %s after\n' "$(date -u +%FT%TZ)" "$LOAD_BEFORE" "$LOAD_AFTER"
printf '%d instances of %d bytes each (%.1f MB), loopback\n\n' "$N" "$((BYTES / N))" "$(echo "$BYTES/1048576" | bc -l)"
if has storescp || has receive; then
printf '%-34s %14s %14s %8s\n' "direction" "dcmtk inst/s" "ours inst/s" "ratio"
if has storescp; then
printf '%-34s %14.0f %14.0f %8.2f\n' "send, CLI (new JVM) -> storescp" "$(rate "$SEND_DCMTK")" "$(rate "$SEND_OURS")" "$(echo "$SEND_DCMTK / $SEND_OURS" | bc -l)"
printf '%-34s %14.0f %14.0f %8.2f\n' "send, warm client -> storescp" "$(rate "$SEND_DCMTK")" "$(rate "$SEND_WARM")" "$(echo "$SEND_DCMTK / $SEND_WARM" | bc -l)"
fi
if has receive; then
printf '%-34s %14.0f %14.0f %8.2f\n' "receive (storescu -> SCP)" "$(rate "$RECV_DCMTK")" "$(rate "$RECV_OURS")" "$(echo "$RECV_DCMTK / $RECV_OURS" | bc -l)"
fi
printf '\ntarget: ratio >= 0.8 in every row (ours / dcmtk)\n'
printf '\nbest of %d rounds each; baseline dcmtk storescu -> dcmtk storescp (TCP_NODELAY=1) in the same run;\nCLI row: a new JVM per run (start included); warm row and both receivers: long-running JVM warmed\nup with 200 instances first (as in the server).\n' "$ROUNDS"
fi
if has orthanc; then
printf '\nC-STORE of %d instances (%s) into a fresh Orthanc (TCP_NODELAY=1), each path warmed up with %d instances first\n\n' \
  "$ON" "$([ "${STUDY:-ct}" = rt ] && echo "CT + RTSTRUCT + RTPLAN + RTDOSE study" || echo "CT_small copies")" "$OW"
printf '%-46s %10s %12s %10s %8s\n' "sender" "seconds" "ms/instance" "CPU ms/i" "ratio"
for path in $O_PATHS; do
  case $path in
    storescu) name="dcmtk storescu -R (one association)" ;;
    cli) name="ours, CLI (new JVM, one association)" ;;
    files) name="ours, warm, one association" ;;
    batch50) name="ours, warm, batches of 50 (upload job)" ;;
    session) name="ours, warm, StoreSession from memory (staging)" ;;
  esac
  T=${O_BEST[$path]}
  printf '%-46s %10.2f %12.2f %10s %8.2f\n' "$name" "$T" "$(echo "$T * 1000 / $ON" | bc -l)" \
    "$([ -n "${O_CPU[$path]}" ] && printf '%.2f' "$(echo "${O_CPU[$path]} * 1000 / $ON" | bc -l)" || echo -)" \
    "$(echo "${O_BEST[storescu]} / $T" | bc -l)"
done
printf '\nbest of %d rounds each, ratio = storescu time / ours (target >= 1.0); "CPU ms/i": our JVM'"'"'s CPU during the timed\nstore per instance (warm rows only); the CLI row includes the JVM'"'"'s start.\n' "$ROUNDS"
fi
