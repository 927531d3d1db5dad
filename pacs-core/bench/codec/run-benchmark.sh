#!/bin/sh
# Codec benchmark: read + write round trip of 2,000 small CT files (copies of pydicom's CT_small.dcm with
# distinct UIDs) and of one 500 MB multi-frame file, with the pacs-core codec, with PixelMed
# (AttributeList.read + write) and with plain cp, in one run. Prints a table with files/s, MB/s and ratios.
#
# Usage (from the repository root): pacs-core/bench/codec/run-benchmark.sh [SMALL_COUNT] [LARGE_MB]
# Needs: JDK 17, Maven (to build pacs-core), Debian's libpixelmed-java and python3-pydicom (for CT_small.dcm).
set -eu
SMALL_COUNT=${1:-2000}
LARGE_MB=${2:-500}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
CT=/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm
PIXELMED=/usr/share/java/pixelmed.jar
[ -f "$CT" ] || { echo "missing $CT: apt-get install python3-pydicom" >&2; exit 2; }
[ -f "$PIXELMED" ] || { echo "missing $PIXELMED: apt-get install libpixelmed-java" >&2; exit 2; }

# the codec's classes: PACS_CORE_CLASSES if given, else build pacs-core
if [ -z "${PACS_CORE_CLASSES:-}" ]; then
  (cd "$ROOT" && mvn -q -pl pacs-core -am -DskipTests package >/dev/null)
  PACS_CORE_CLASSES="$ROOT/pacs-core/target/classes"
fi
CP="$PACS_CORE_CLASSES:$PIXELMED"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pacs-codec-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
BENCH="$JAVA -cp $CP $HERE/CodecBenchmark.java"

echo "generating $SMALL_COUNT small files and a $LARGE_MB MB multi-frame file in $WORK ..." >&2
$BENCH generate "$CT" "$WORK/small" "$SMALL_COUNT"
mkdir -p "$WORK/large"
$BENCH generate-large "$WORK/large/large.dcm" "$LARGE_MB"
sync

# cp: one process for the whole folder, like the codec's one JVM. Every measurement starts after sync (no
# writeback of a previous run to pay for) with the inputs in the page cache; best of 3.
time_cp() { # $1 source (file or folder), prints seconds, best of 6
  for i in 1 2 3 4 5 6; do
    rm -rf "$WORK/cp.out"; sync
    s=$(date +%s.%N); cp -r "$1" "$WORK/cp.out"; e=$(date +%s.%N)
    awk "BEGIN { print $e - $s }"
  done | sort -g | head -1
}
run_java() { # $1 mode, $2 input, $3 heap; prints "cold warm" seconds, each the best of 2 JVM runs (3 passes each)
  for i in 1 2; do
    rm -rf "$WORK/out"; sync
    $JAVA -Xmx$3 -cp "$CP" "$HERE/CodecBenchmark.java" "$1" "$2" "$WORK/out"
  done | awk 'NR == 1 || $3 < c { c = $3 } NR == 1 || $4 < w { w = $4 } END { print c, w }'
}

SMALL_FILES=$(ls "$WORK/small" | wc -l)
SMALL_BYTES=$(du -sb "$WORK/small" | cut -f1)
LARGE_BYTES=$(stat -c %s "$WORK/large/large.dcm")

echo "measuring ..." >&2
# small files: cp, pacs-core and PixelMed in turn for 5 rounds in one JVM (fair under a shared machine's load)
$JAVA -Xmx1g -cp "$CP" "$HERE/CodecBenchmark.java" compare "$WORK/small" "$WORK/out" 5 > "$WORK/small.txt"
CP_SMALL=$(awk '$1 == "cp" { print $5 }' "$WORK/small.txt")
OURS_SMALL=$(awk '$1 == "pacs-core" { print $4, $5 }' "$WORK/small.txt")
PM_SMALL=$(awk '$1 == "PixelMed" { print $4, $5 }' "$WORK/small.txt")
OURS_CPU=$(awk '$1 == "pacs-core" { print $6 }' "$WORK/small.txt")
PM_CPU=$(awk '$1 == "PixelMed" { print $6 }' "$WORK/small.txt")
# the codec's own work: read + change one UID + encode into a discarding stream, no output files, best of 5
$JAVA -Xmx1g -cp "$CP" "$HERE/CodecBenchmark.java" memory "$WORK/small" 5 > "$WORK/memory.txt"
OURS_MEM=$(awk '$1 == "pacs-core" { print $3 }' "$WORK/memory.txt")
PM_MEM=$(awk '$1 == "PixelMed" { print $3 }' "$WORK/memory.txt")
OURS_ALLOC=$(awk '$1 == "pacs-core" { print $4 }' "$WORK/memory.txt")
PM_ALLOC=$(awk '$1 == "PixelMed" { print $4 }' "$WORK/memory.txt")
# the large file: pacs-core with a 64 MB heap, PixelMed needs the whole file in its heap
CP_LARGE=$(time_cp "$WORK/large/large.dcm")
OURS_LARGE=$(run_java ours "$WORK/large/large.dcm" 64m)
PM_LARGE=$(run_java pixelmed "$WORK/large/large.dcm" 3g)

awk -v n="$SMALL_FILES" -v sb="$SMALL_BYTES" -v lb="$LARGE_BYTES" -v cs="$CP_SMALL" -v cl="$CP_LARGE" \
    -v osc="${OURS_SMALL% *}" -v os="${OURS_SMALL#* }" -v olc="${OURS_LARGE% *}" -v ol="${OURS_LARGE#* }" \
    -v psc="${PM_SMALL% *}" -v ps="${PM_SMALL#* }" -v plc="${PM_LARGE% *}" -v pl="${PM_LARGE#* }" \
    -v oc="$OURS_CPU" -v pc="$PM_CPU" -v om="$OURS_MEM" -v pm="$PM_MEM" \
    -v oa="$OURS_ALLOC" -v pa="$PM_ALLOC" '
function row(name, files, bytes, s, cpS, pmS) {
  printf "%-44s %9.1f %9.1f %8.2f %11s\n", name, files / s, bytes / 1e6 / s, cpS / s, pmS == "" ? "" : sprintf("%.2f", pmS / s)
}
BEGIN {
  printf "\n%-44s %9s %9s %8s %11s\n", "read + write round trip (best runs)", "files/s", "MB/s", "vs cp", "vs PixelMed"
  row(n " small CT files: cp", n, sb, cs, cs, "")
  row(n " small CT files: pacs-core", n, sb, os, cs, ps)
  row(n " small CT files: PixelMed", n, sb, ps, cs, ps)
  row(n " small CT files: pacs-core, cold JVM", n, sb, osc, cs, psc)
  row(n " small CT files: PixelMed, cold JVM", n, sb, psc, cs, psc)
  printf "(small files: cp, pacs-core and PixelMed measured in turn, best of 5 rounds each)\n"
  printf "user CPU time per small file (the Java thread, kernel time excluded): pacs-core %.0f us, PixelMed %.0f us (ratio %.2f)\n", oc / n * 1e6, pc / n * 1e6, pc / oc
  printf "read + change UID + encode in memory (no output files, best of 5): pacs-core %.0f files/s, PixelMed %.0f files/s (ratio %.2f)\n", n / om, n / pm, pm / om
  printf "heap allocated per file (read + change + encode): pacs-core %d bytes, PixelMed %d bytes\n", oa, pa
  row("1 file of " int(lb / 1e6) " MB: cp", 1, lb, cl, cl, "")
  row("1 file of " int(lb / 1e6) " MB: pacs-core (-Xmx64m)", 1, lb, ol, cl, pl)
  row("1 file of " int(lb / 1e6) " MB: PixelMed (-Xmx3g)", 1, lb, pl, cl, pl)
  row("1 file of " int(lb / 1e6) " MB: pacs-core, cold JVM", 1, lb, olc, cl, plc)
  printf "\ntargets: small files >= 0.60 of cp files/s, large file >= 0.80 of cp MB/s, >= 2x PixelMed (warm rows)\n"
  printf "cold JVM: the first pass in a fresh JVM (class loading, JIT), e.g. one run of the command-line tool\n"
}'
