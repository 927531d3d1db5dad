#!/usr/bin/env bash
# DICOMweb benchmark: WADO-RS retrieval of one series of N instances (default 500, pydicom's CT_small per instance,
# scripts/testdata/make_ct_series.py) as multipart/related application/dicom,
#  (1) baseline: straight from the research Orthanc's DICOMweb plugin;
#  (2) module: through the module's /pacs/dicomweb (HTTP Basic as the demo stager, scope and role checks, audit,
#      streamed proxy of the same Orthanc).
# Same series, same run, loopback only, curl as the client; R rounds (default 5) alternating the order; prints the
# best and the median of each and the ratio of throughputs module/baseline (target >= 0.7).
# Usage: pacs-web/bench/dicomweb/run-benchmark.sh [N] [R]
# Needs a built EAR and server (mvn -o package -DskipTests), orthanc, orthanc-dicomweb, python3-pydicom, PostgreSQL.
# It starts its own WildFly on a port offset, but run it under the shared lock on a shared machine:
#   flock /tmp/pacs-it.lock pacs-web/bench/dicomweb/run-benchmark.sh
set -euo pipefail
n=${1:-500}
rounds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
wildfly=$root/pacs-server/target/wildfly
ear=$root/ear/target/pacs.ear
[ -f "$ear" ] && [ -x "$wildfly/bin/standalone.sh" ] || { echo "build first: mvn -o package -DskipTests" >&2; exit 2; }
for tool in /usr/sbin/Orthanc /usr/bin/python3 /usr/bin/curl; do
  [ -x "$tool" ] || { echo "$tool missing: apt-get install orthanc orthanc-dicomweb python3-pydicom curl" >&2; exit 2; }
done
. "$root/scripts/lib-postgres.sh"
work=$(mktemp -d /tmp/dicomweb-bench.XXXXXX)
pgdir=$(mktemp -d /tmp/dicomweb-bench-pg.XXXXXX)   # its own folder: PostgreSQL runs as the postgres user
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pg_stop "$pgdir"
  rm -rf "$work" "$pgdir"
}
trap cleanup EXIT

pg_start "$pgdir"
orthanc_http=$(free_port)
orthanc_dicom=$(free_port)
mkdir -p "$work/orthanc/storage"
cat > "$work/orthanc/orthanc.json" <<JSON
{"Name":"bench-research","StorageDirectory":"$work/orthanc/storage","IndexDirectory":"$work/orthanc/storage",
 "HttpPort":$orthanc_http,"DicomPort":$orthanc_dicom,"DicomAet":"RESEARCH","RemoteAccessAllowed":false,
 "AuthenticationEnabled":false,"StorageCompression":false,
 "Plugins":["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"],"DicomWeb":{"Enable":true,"Root":"/dicom-web/"}}
JSON
/usr/sbin/Orthanc "$work/orthanc/orthanc.json" > "$work/orthanc/orthanc.log" 2>&1 &
pids+=($!)
for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$orthanc_http/system" && break; sleep 0.1; done
research=http://127.0.0.1:$orthanc_http/dicom-web

echo "Generating a series of $n instances and loading the research Orthanc ..."
/usr/bin/python3 "$root/scripts/testdata/make_ct_series.py" --out "$work/series" --patient-id PID-S0-0003 \
  --patient-name "Bench^Patient" --series 1 --instances "$n" --seed dicomweb-bench >/dev/null
find "$work/series" -name '*.dcm' -print0 | xargs -0 -P 4 -I{} curl -s -f -o /dev/null -X POST --data-binary @{} \
  "http://127.0.0.1:$orthanc_http/instances"
read -r study series < <(curl -s "$research/series" | /usr/bin/python3 -c \
  'import json,sys; s=json.load(sys.stdin)[0]; print(s["0020000D"]["Value"][0], s["0020000E"]["Value"][0])')

# WildFly on a port offset so that a running demo or test server is not disturbed
offset=0
for o in $(seq 1100 7 1400); do
  if /usr/bin/python3 -c "import socket,sys
for p in (8080+$o, 9990+$o):
    s=socket.socket(); s.bind(('127.0.0.1',p)); s.close()" 2>/dev/null; then offset=$o; break; fi
done
[ "$offset" != 0 ] || { echo "no free port offset for WildFly" >&2; exit 1; }
port=$((8080 + offset))
base=$work/wildfly
mkdir -p "$base/deployments" "$base/data" "$base/log"
cp -r "$wildfly/standalone/configuration" "$base/configuration"
cp "$ear" "$base/deployments/pacs.ear"
echo "Starting WildFly with the module on 127.0.0.1:$port ..."
LAUNCH_JBOSS_IN_BACKGROUND=1 JAVA_OPTS="-Xmx1g -Djava.net.preferIPv4Stack=true" \
  "$wildfly/bin/standalone.sh" -Djboss.server.base.dir="$base" -Djboss.bind.address=127.0.0.1 \
  -Djboss.socket.binding.port-offset=$offset -Dpacs.demo.data=true -Dpacs.db.driver=postgresql \
  "-Dpacs.db.url=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB" -Dpacs.db.user="$PG_USER" \
  -Dpacs.db.password="$PG_PASSWORD" -Dpacs.research.dicomweb="$research" > "$base/log/console.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
  [ -f "$base/deployments/pacs.ear.deployed" ] || [ -f "$base/deployments/pacs.ear.failed" ] && break
  sleep 1
done
[ -f "$base/deployments/pacs.ear.deployed" ] || { tail -30 "$base/log/server.log" >&2; exit 1; }

# the series as a project copy recorded in RTTRIAL at DD (as the copy workflow records it)
PGPASSWORD=$PG_PASSWORD psql -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB" <<SQL
insert into pacs.dicom_study_record (stage, study_code, site_code, pid, study_instance_uid, created_by, created_at)
  values ('PROJECT_COPY', 'RTTRIAL', 'DD', 'PID-S0-0003', '$study', 'bench', now());
insert into pacs.dicom_series_record (study_record_id, series_instance_uid, modality, instance_count)
  select id, '$series', 'CT', $n from pacs.dicom_study_record where study_instance_uid = '$study';
SQL

accept='Accept: multipart/related; type="application/dicom"'
direct="$research/studies/$study/series/$series"
module="http://127.0.0.1:$port/pacs/dicomweb/scope/RTTRIAL/DD/studies/$study/series/$series"
fetch() { # URL [curl options] -> "seconds bytes"
  local url=$1; shift
  curl -s -f -o /dev/null -H "$accept" -w '%{time_total} %{size_download}\n' "$@" "$url"
}
# warm-up of both paths (JIT, Orthanc's page cache), then checks that both send the same instances
fetch "$direct" >/dev/null
fetch "$module" -u stager:stager-demo >/dev/null
curl -s -f -H "$accept" "$direct" -o "$work/direct.multipart"
curl -s -f -H "$accept" -u stager:stager-demo "$module" -o "$work/module.multipart"
parts() { grep -a -c 'Content-Type: application/dicom' "$1"; }
[ "$(parts "$work/direct.multipart")" = "$n" ] && [ "$(parts "$work/module.multipart")" = "$n" ] \
  || { echo "expected $n parts: direct $(parts "$work/direct.multipart"), module $(parts "$work/module.multipart")" >&2; exit 1; }

echo "Measuring $rounds rounds ..."
: > "$work/direct.txt"; : > "$work/module.txt"
for r in $(seq "$rounds"); do
  if [ $((r % 2)) = 1 ]; then
    fetch "$direct" >> "$work/direct.txt"; fetch "$module" -u stager:stager-demo >> "$work/module.txt"
  else
    fetch "$module" -u stager:stager-demo >> "$work/module.txt"; fetch "$direct" >> "$work/direct.txt"
  fi
done
stat() { sort -n "$1" | awk '{t[NR]=$1; b=$2} END {printf "%s %s %s\n", t[1], t[int((NR+1)/2)], b}'; }
read -r d_best d_med bytes < <(stat "$work/direct.txt")
read -r m_best m_med _ < <(stat "$work/module.txt")
mb=$(echo "$bytes / 1048576" | bc -l)
printf '\n| path | instances | MB | best s | median s | MB/s (median) | ratio to direct (median) |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
printf '| research Orthanc DICOMweb, direct | %d | %.1f | %.3f | %.3f | %.1f | 1.00 |\n' "$n" "$mb" "$d_best" "$d_med" \
  "$(echo "$mb / $d_med" | bc -l)"
printf '| module /dicomweb (Basic auth, scope, audit, proxy) | %d | %.1f | %.3f | %.3f | %.1f | %.2f |\n' "$n" "$mb" \
  "$m_best" "$m_med" "$(echo "$mb / $m_med" | bc -l)" "$(echo "$d_med / $m_med" | bc -l)"
