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

# cp: one process for the whole folder, like the codec's one JVM; best of 3, warm page cache for everyone
best() { sort -g | head -1; }
time_cp() { # $1 source (file or folder), prints seconds
  for i in 1 2 3; do
    rm -rf "$WORK/cp.out"
    s=$(date +%s.%N); cp -r "$1" "$WORK/cp.out"; e=$(date +%s.%N)
    awk "BEGIN { print $e - $s }"
  done | best
}
run_java() { # $1 mode, $2 input, $3 heap; prints "files bytes seconds" of the best of 3 runs
  for i in 1 2 3; do
    rm -rf "$WORK/out" "$WORK/out.warm"
    $JAVA -Xmx$3 -cp "$CP" "$HERE/CodecBenchmark.java" "$1" "$2" "$WORK/out"
  done | sort -k3 -g | head -1
}

SMALL_FILES=$(ls "$WORK/small" | wc -l)
SMALL_BYTES=$(du -sb "$WORK/small" | cut -f1)
LARGE_BYTES=$(stat -c %s "$WORK/large/large.dcm")

echo "measuring ..." >&2
CP_SMALL=$(time_cp "$WORK/small")
CP_LARGE=$(time_cp "$WORK/large/large.dcm")
OURS_SMALL=$(run_java ours "$WORK/small" 256m | cut -d' ' -f3)
OURS_LARGE=$(run_java ours "$WORK/large/large.dcm" 64m | cut -d' ' -f3)
PM_SMALL=$(run_java pixelmed "$WORK/small" 1g | cut -d' ' -f3)
PM_LARGE=$(run_java pixelmed "$WORK/large/large.dcm" 3g | cut -d' ' -f3)

awk -v n="$SMALL_FILES" -v sb="$SMALL_BYTES" -v lb="$LARGE_BYTES" \
    -v cs="$CP_SMALL" -v cl="$CP_LARGE" -v os="$OURS_SMALL" -v ol="$OURS_LARGE" -v ps="$PM_SMALL" -v pl="$PM_LARGE" '
BEGIN {
  mb = 1000000
  printf "\n%-34s %10s %10s %12s %12s\n", "read+write round trip", "files/s", "MB/s", "vs cp", "vs PixelMed"
  printf "%-34s %10.0f %10.1f %12s %12s\n", n " small CT files: cp", n/cs, sb/mb/cs, "1.00", ""
  printf "%-34s %10.0f %10.1f %12.2f %12.2f\n", n " small CT files: pacs-core", n/os, sb/mb/os, cs/os, ps/os
  printf "%-34s %10.0f %10.1f %12.2f %12s\n", n " small CT files: PixelMed", n/ps, sb/mb/ps, cs/ps, "1.00"
  printf "%-34s %10.2f %10.1f %12s %12s\n", "1 large file (" int(lb/mb) " MB): cp", 1/cl, lb/mb/cl, "1.00", ""
  printf "%-34s %10.2f %10.1f %12.2f %12.2f\n", "1 large file: pacs-core (-Xmx64m)", 1/ol, lb/mb/ol, cl/ol, pl/ol
  printf "%-34s %10.2f %10.1f %12.2f %12s\n", "1 large file: PixelMed", 1/pl, lb/mb/pl, cl/pl, "1.00"
  printf "\ntargets: small files >= 0.60 of cp files/s, large file >= 0.80 of cp MB/s, >= 2x PixelMed\n"
}'
