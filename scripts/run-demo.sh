#!/usr/bin/env bash
# Runs the module on this machine with its embedded defaults and demo data:
#  - a "clinical PACS" and a "research PACS", two Orthanc instances on 127.0.0.1 with their own
#    configuration and storage under the work folder (the clinical one loaded with pydicom's files);
#  - WildFly (from pacs-server) with the EAR, the embedded H2 database and the demo portal context.
# Data stay in the work folder (default ./work, or $PACS_WORK), so a second start reuses them.
# Ctrl-C stops everything. Options: --build (rebuild the EAR and the server first), --cluster (two nodes on a
# private PostgreSQL behind a balancer instead of one node on H2: scripts/demo/cluster.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=${PACS_WORK:-$root/work}

bash scripts/setup.sh

wildfly=$root/pacs-server/target/wildfly
ear=$root/ear/target/pacs.ear
cluster=false
case " $* " in *" --cluster "*) cluster=true;; esac
if [[ " $* " = *" --build "* ]] || [ ! -f "$ear" ] || [ ! -f "$wildfly/.configured" ]; then
  echo "Building the EAR and the server (mvn install -DskipTests) ..."
  mvn -B -q install -DskipTests
fi

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo; echo "Stopping ..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  ${on_stop:-}
  echo "Stopped. Data kept in $work"
}
trap stop_all INT TERM EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_http() { # URL SECONDS
  for _ in $(seq "$2"); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
    sleep 1
  done
  return 1
}

start_orthanc() { # NAME AET DICOM_PORT HTTP_PORT
  local name=$1 aet=$2 dicom=$3 http=$4 dir=$work/orthanc-$1
  for p in "$dicom" "$http"; do
    port_free "$p" || { echo "Port $p is in use: is the demo already running?" >&2; exit 1; }
  done
  mkdir -p "$dir/storage"
  sed -e "s#@NAME@#$name#; s#@DIR@#$dir#g; s#@AET@#$aet#; s#@DICOM_PORT@#$dicom#; s#@HTTP_PORT@#$http#" \
    scripts/demo/orthanc.json.template > "$dir/orthanc.json"
  # TCP_NODELAY=1: dcmtk inside Orthanc otherwise leaves Nagle's algorithm on (~11 instances/s per C-MOVE)
  TCP_NODELAY=1 /usr/sbin/Orthanc "$dir/orthanc.json" > "$dir/orthanc.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$http/system" 60 || { tail -20 "$dir/orthanc.log"; echo "Orthanc $name did not start" >&2; exit 1; }
}

echo "Starting the clinical and the research PACS (Orthanc) ..."
start_orthanc clinical CLINICAL 14242 18042
start_orthanc research RESEARCH 24242 28042

# The clinical PACS gets pydicom's CT, MR, NM and RT files once; a second start keeps what it has.
samples=/usr/lib/python3/dist-packages/pydicom/data/test_files
count=$(curl -s http://127.0.0.1:18042/statistics | sed -n 's/.*"CountInstances" *: *\([0-9]*\).*/\1/p')
if [ "${count:-0}" = 0 ]; then
  loaded=0
  for f in CT_small.dcm MR_small.dcm JPEG2000.dcm rtplan.dcm rtdose.dcm rtstruct.dcm; do
    if curl -s -f -o /dev/null -X POST --data-binary "@$samples/$f" http://127.0.0.1:18042/instances; then
      loaded=$((loaded + 1))
    else
      echo "  (the clinical PACS did not accept $f)"
    fi
  done
  # and a coherent CT + RTSTRUCT + RTPLAN + RTDOSE study of Study0 patient PID-S0-0003 (HIS ID id00001, the
  # patient of pydicom's rtplan.dcm, also enrolled in RTTRIAL), to look up, stage and copy into the project
  rtstudy=$work/samples/rt-study
  /usr/bin/python3 scripts/testdata/make_rt_study.py --out "$rtstudy" --patient-id "id00001" \
    --patient-name "Last^First^mid^pre" --sex O --slices 12 >/dev/null
  for f in "$rtstudy"/*.dcm; do
    curl -s -f -o /dev/null -X POST --data-binary "@$f" http://127.0.0.1:18042/instances && loaded=$((loaded + 1))
  done
  echo "Loaded $loaded sample files into the clinical PACS"
fi

if $cluster; then
  source scripts/demo/cluster.sh
  run_cluster
  exit 0
fi

echo "Starting WildFly with the module ..."
port_free 8080 || { echo "Port 8080 is in use: is the demo already running?" >&2; exit 1; }
base=$work/wildfly
mkdir -p "$base/deployments" "$base/data" "$base/log" "$base/db"
rm -rf "$base/configuration"
cp -r "$wildfly/standalone/configuration" "$base/configuration"
rm -f "$base"/deployments/pacs.ear*
cp "$ear" "$base/deployments/pacs.ear"
LAUNCH_JBOSS_IN_BACKGROUND=1 JAVA_OPTS="-Xmx1g -Djava.net.preferIPv4Stack=true" \
  "$wildfly/bin/standalone.sh" -Djboss.server.base.dir="$base" -Djboss.bind.address=127.0.0.1 \
  -Dpacs.demo.data=true "-Dpacs.db.url=jdbc:h2:$base/db/pacs;MODE=LEGACY;DATABASE_TO_LOWER=TRUE" \
  > "$base/log/console.log" 2>&1 &
pids+=($!)
for _ in $(seq 240); do
  [ -f "$base/deployments/pacs.ear.deployed" ] || [ -f "$base/deployments/pacs.ear.failed" ] && break
  sleep 1
done
if [ ! -f "$base/deployments/pacs.ear.deployed" ]; then
  grep -E "ERROR" "$base/log/server.log" | head -20 >&2 || true
  echo "The module did not deploy; see $base/log/server.log" >&2
  exit 1
fi

cat <<INFO

  RPB Medical Imaging (PACS) module is running.

  Open:      http://127.0.0.1:8080/pacs/
  Log in as (user / password, roles):
$(grep -v '^#' pacs-server/src/main/wildfly/demo-users.txt | awk 'NF {printf "    %-9s / %-14s %s\n", $1, $2, $3}')

  Clinical PACS (Orthanc): AE CLINICAL at 127.0.0.1:14242, web http://127.0.0.1:18042/
  Research PACS (Orthanc): AE RESEARCH at 127.0.0.1:24242, web http://127.0.0.1:28042/,
                           DICOMweb http://127.0.0.1:28042/dicom-web/
  Data: $work (kept between starts; delete it to start afresh)

  Press Ctrl-C to stop.
INFO
wait "${pids[@]}"
