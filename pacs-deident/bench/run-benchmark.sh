#!/usr/bin/env bash
# pacs-deident benchmark: basic profile with UID remapping and date shifting (Retain Longitudinal Temporal
# Information with Modified Dates), over N small CT files (copies of pydicom's CT_small.dcm with distinct UIDs)
# and one large multi-frame CT, against plain copy (cp), PixelMed's ClinicalTrialsAttributes and a pydicom
# script doing the same work, on the same files, one run each. Prints a table.
# Each Java tool is measured twice: "cold", one new JVM per run (java -jar, start-up and JIT included, like one
# command-line run), and "warm", a second pass in the same JVM after an untimed first one (BenchWarm.java; the
# steady state of the library inside the long-running server).
#
#   pacs-deident/bench/run-benchmark.sh [SMALL_FILES=2000] [LARGE_MB=500] [ROUNDS=5]
#   DEIDENT_THREADS=N pacs-deident/bench/run-benchmark.sh ...   pacs-deident on N threads (default 1)
#
# Like for like: PixelMed's ClinicalTrialsAttributes has no batch API and runs on one thread, so pacs-deident runs on
# one too (CLI --threads 1, BenchWarm -Dbench.threads=1) unless DEIDENT_THREADS says otherwise; the library's own
# default (the processors) would also take two shares of a loaded machine's CPU and flatter the ratio.
#
# The warm small-file rows run both libraries in one JVM, ROUNDS timed rounds; in each round both go over all files
# in slices of 400, taking turns slice by slice, every slice followed by a sync inside its time (BenchWarm pair); the
# medians go into the table and the per-round ratios are printed, with and without the syncs.
#
# Needs: a JDK 17, Maven, /usr/share/java/pixelmed.jar (libpixelmed-java), /usr/bin/python3 with pydicom
# (python3-pydicom). Work files go to ${BENCH_DIR:-/tmp/pacs-deident-bench} and are deleted at the end.
set -euo pipefail
N=${1:-2000}
MB=${2:-500}
ROUNDS=${3:-5}
THREADS=${DEIDENT_THREADS:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_DIR:-/tmp/pacs-deident-bench}
CT=/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm
PIXELMED=/usr/share/java/pixelmed.jar
for f in "$CT" "$PIXELMED" /usr/bin/python3; do
  [ -e "$f" ] || { echo "missing $f (apt-get install python3-pydicom libpixelmed-java)" >&2; exit 2; }
done
cd "$ROOT"
echo "building pacs-core and pacs-deident ..." >&2
# the reactor builds pacs-core with it; nothing is installed into the local repository
mvn -q -o -pl pacs-deident -am package -DskipTests
JAR="$ROOT/pacs-deident/target/pacs-deident-cli.jar"
TABLE="$ROOT/pacs-deident/src/main/resources/org/rpb/pacs/deident/profile/confidentiality_profile_attributes.json"
rm -rf "$WORK"; mkdir -p "$WORK/classes"
trap 'rm -rf "$WORK"' EXIT
javac -d "$WORK/classes" -cp "$JAR:$PIXELMED" "$HERE"/BenchData.java "$HERE"/BenchPixelmed.java "$HERE"/BenchHeap.java \
    "$HERE"/BenchWarm.java
head -c 32 /dev/urandom > "$WORK/project.key"
echo "generating $N small files and a ${MB} MB multi-frame file ..." >&2
java -cp "$JAR:$WORK/classes" BenchData "$CT" "$WORK" "$N" "$MB"
SMALL="$WORK/small"; LARGE="$WORK/large/multiframe.dcm"
SMALL_MB=$(du -sm "$SMALL" | cut -f1); LARGE_BYTES=$(stat -c %s "$LARGE")
# the work folder's file system, printed with the table: on ext4 without a journal (this build machine's root) the
# kernel does not reuse an inode deleted in the last 5 to 10 minutes and checks every such inode of the block
# group at each file creation (fs/ext4/ialloc.c, recently_deleted), so after the thousands of deletions of a run
# (its own, the other processes') every output file costs both contenders alike 100 to 250 us of system time
read -r FS_DEV FS_TYPE < <(findmnt -no SOURCE,FSTYPE -T "$WORK" 2>/dev/null || echo "? unknown")
FS_NOTE=$FS_TYPE
if [ "$FS_TYPE" = ext4 ] && [ "$(cat "/sys/fs/ext4/$(basename "$FS_DEV")/journal_task" 2>/dev/null)" = "<none>" ]; then
  FS_NOTE="ext4 without a journal"
fi

now() { date +%s.%N; }
# warm the page cache so that every contender reads from memory alike
cat "$SMALL"/* > /dev/null; cat "$LARGE" > /dev/null

declare -A T
run() { # name kind command...
  local name=$1 kind=$2; shift 2
  rm -rf "$WORK/out"; mkdir -p "$WORK/out"; sync
  local t0=$(now); "$@" > "$WORK/$name-$kind.log" 2>&1 || { echo "$name $kind failed:" >&2; tail -5 "$WORK/$name-$kind.log" >&2; exit 1; }
  sync; local t1=$(now)
  T[$name-$kind]=$(echo "$t1 - $t0" | bc -l)
  echo "  $name $kind: ${T[$name-$kind]} s" >&2
}
warm() { # name kind command...: the command prints the seconds of its timed pass (BenchWarm)
  local name=$1 kind=$2; shift 2
  rm -rf "$WORK/out" "$WORK/out.warm"; mkdir -p "$WORK/out"; sync
  "$@" > "$WORK/$name-$kind.log" 2>&1 || { echo "$name $kind failed:" >&2; tail -5 "$WORK/$name-$kind.log" >&2; exit 1; }
  T[$name-$kind]=$(tail -1 "$WORK/$name-$kind.log")
  echo "  $name $kind: ${T[$name-$kind]} s (timed pass)" >&2
}
echo "running ..." >&2
run cp small cp -r "$SMALL" "$WORK/out/"
run cp large cp "$LARGE" "$WORK/out/"
run pacs-deident small java -jar "$JAR" deidentify --key-file "$WORK/project.key" --patient-id P --patient-name P \
    --option RetainLongitudinalModifiedDates --threads "$THREADS" --out "$WORK/out" "$SMALL"
run pacs-deident large java -Xmx64m -jar "$JAR" deidentify --key-file "$WORK/project.key" --patient-id P \
    --patient-name P --option RetainLongitudinalModifiedDates --threads "$THREADS" --out "$WORK/out" "$LARGE"
# the launcher (bin/pacs-deident): the class-data-sharing archive recorded at package time, C1 only
run pacs-deident-cds small "$HERE/../bin/pacs-deident" deidentify --key-file "$WORK/project.key" --patient-id P \
    --patient-name P --option RetainLongitudinalModifiedDates --threads "$THREADS" --out "$WORK/out" "$SMALL"
export JAVA_OPTS=-Xmx64m
run pacs-deident-cds large "$HERE/../bin/pacs-deident" deidentify --key-file "$WORK/project.key" \
    --patient-id P --patient-name P --option RetainLongitudinalModifiedDates --threads "$THREADS" --out "$WORK/out" "$LARGE"
unset JAVA_OPTS
run pixelmed small java -cp "$PIXELMED:$WORK/classes" BenchPixelmed "$WORK/out" "$SMALL"
run pixelmed large java -Xmx3g -cp "$PIXELMED:$WORK/classes" BenchPixelmed "$WORK/out" "$LARGE"
# small files, warm: both contenders in one JVM, ROUNDS rounds of slices taken in turns; the medians go into the
# table and the per-round ratios are printed (whole passes one after the other did not see the same load of a
# shared machine: per-round ratios moved between 1.0 and 3.0)
pair_warm() {
  rm -rf "$WORK/out" "$WORK/out.warm"
  java -Dbench.threads="$THREADS" -cp "$JAR:$PIXELMED:$WORK/classes" BenchWarm pair "$WORK/project.key" "$WORK/out" "$SMALL" "$ROUNDS" \
    > "$WORK/pair-warm.log" 2>&1 || { echo "warm pair failed:" >&2; tail -5 "$WORK/pair-warm.log" >&2; exit 1; }
  median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
  T[pacs-deident-warm-small]=$(awk '$1=="deident" {print $2}' "$WORK/pair-warm.log" | median)
  T[pixelmed-warm-small]=$(awk '$1=="pixelmed" {print $2}' "$WORK/pair-warm.log" | median)
  PAIR_RATIOS=$(awk '$1=="deident" {d[++i]=$2} $1=="pixelmed" {p[++j]=$2} END {for (k=1;k<=i;k++) printf "%.2f ", p[k]/d[k]}' \
    "$WORK/pair-warm.log")
  PAIR_MEDIAN=$(echo "$PAIR_RATIOS" | tr ' ' '\n' | grep . | median)
  # the same without the final sync (the files in the page cache; the sync writes both contenders' 80 MB and
  # whatever the machine's other processes wrote meanwhile, a cost both pay alike that flattens the ratio)
  WORK_RATIOS=$(awk '$1=="deident" {d[++i]=$3} $1=="pixelmed" {p[++j]=$3} END {for (k=1;k<=i;k++) printf "%.2f ", p[k]/d[k]}' \
    "$WORK/pair-warm.log")
  WORK_MEDIAN=$(echo "$WORK_RATIOS" | tr ' ' '\n' | grep . | median)
  echo "  warm small, $ROUNDS rounds of alternating slices: pacs-deident ${T[pacs-deident-warm-small]} s, pixelmed ${T[pixelmed-warm-small]} s (medians); per-round ratio: $PAIR_RATIOS" >&2
}
pair_warm
warm pacs-deident-warm large java -Xmx64m -Dbench.threads="$THREADS" -cp "$JAR:$WORK/classes" BenchWarm deident "$WORK/project.key" "$WORK/out" "$LARGE"
warm pixelmed-warm large java -Xmx3g -cp "$JAR:$PIXELMED:$WORK/classes" BenchWarm pixelmed "$WORK/out" "$LARGE"
run pydicom small /usr/bin/python3 "$HERE/bench_pydicom.py" "$TABLE" "$WORK/project.key" "$WORK/out" "$SMALL"
run pydicom large /usr/bin/python3 "$HERE/bench_pydicom.py" "$TABLE" "$WORK/project.key" "$WORK/out" "$LARGE"
rm -rf "$WORK/out"; mkdir -p "$WORK/out"
HEAP=$(java -Xmx64m -cp "$JAR:$WORK/classes" BenchHeap "$WORK/project.key" "$WORK/out" "$LARGE")

LARGE_MIB=$(echo "$LARGE_BYTES / 1048576" | bc -l)
fps() { echo "$N / ${T[$1-small]}" | bc -l; }
mbs() { echo "$LARGE_MIB / ${T[$1-large]}" | bc -l; }
r() { echo "$1 / $2" | bc -l; }
printf '\npacs-deident benchmark: basic profile + UID remapping + date shifting, %d small CT files (%d MB), one %.0f MB multi-frame file, 2 cores, load average %s, work files on %s\n\n' \
  "$N" "$SMALL_MB" "$LARGE_MIB" "$(cut -d' ' -f1-3 /proc/loadavg)" "$FS_NOTE"
printf '%-20s %10s %10s %12s %12s %12s %12s\n' tool "files/s" "MB/s" "cold p-d vs" "cold p-d vs" "warm p-d vs" "warm p-d vs"
printf '%-20s %10s %10s %12s %12s %12s %12s\n' "" "(small)" "(large)" "it (files/s)" "it (MB/s)" "it (files/s)" "it (MB/s)"
for t in cp pacs-deident pacs-deident-cds pacs-deident-warm pixelmed pixelmed-warm pydicom; do
  printf '%-20s %10.1f %10.1f %11.2fx %11.2fx %11.2fx %11.2fx\n' "$t" "$(fps $t)" "$(mbs $t)" \
    "$(r "$(fps pacs-deident)" "$(fps $t)")" "$(r "$(mbs pacs-deident)" "$(mbs $t)")" \
    "$(r "$(fps pacs-deident-warm)" "$(fps $t)")" "$(r "$(mbs pacs-deident-warm)" "$(mbs $t)")"
done
printf '(pacs-deident on %s thread(s), PixelMed on 1; pacs-deident, pixelmed: a new JVM per run; -cds: the launcher bin/pacs-deident, a new JVM with the AppCDS archive and C1 only; -warm: the timed second pass in one JVM)\n' "$THREADS"
for m in cold warm; do
  [ $m = cold ] && { p=pacs-deident; x=pixelmed; } || { p=pacs-deident-warm; x=pixelmed-warm; }
  printf '\n%s: pacs-deident / cp: %.2f of files/s (target >= 0.5), %.2f of MB/s (target >= 0.8)\n' "$m" \
    "$(r "$(fps $p)" "$(fps cp)")" "$(r "$(mbs $p)" "$(mbs cp)")"
  printf '%s: pacs-deident vs %s PixelMed: %.1fx files/s, %.1fx MB/s (target >= 2x); vs pydicom: %.1fx files/s, %.1fx MB/s (target >= 10x)\n' \
    "$m" "$m" "$(r "$(fps $p)" "$(fps $x)")" "$(r "$(mbs $p)" "$(mbs $x)")" \
    "$(r "$(fps $p)" "$(fps pydicom)")" "$(r "$(mbs $p)" "$(mbs pydicom)")"
done
printf 'warm, small files, pacs-deident (threads: %s) vs PixelMed (1 thread) per round (%s rounds of alternating slices, same JVM): %s-> median %.2fx (target >= 2x; the table divides the median times, which a loaded machine can flatter)\n' \
  "$THREADS" "$ROUNDS" "$PAIR_RATIOS" "$PAIR_MEDIAN"
printf 'warm, small files, the same rounds without the syncs (written into the page cache): %s-> median %.2fx\n' \
  "$WORK_RATIOS" "$WORK_MEDIAN"
printf '\ncold, launcher (AppCDS + C1): pacs-deident vs cold PixelMed: %.1fx files/s, %.1fx MB/s (target >= 2x)\n' \
  "$(r "$(fps pacs-deident-cds)" "$(fps pixelmed)")" "$(r "$(mbs pacs-deident-cds)" "$(mbs pixelmed)")"
printf '\npacs-deident peak heap on the large file: %s MB (run under -Xmx64m; target < 64 MB)\n' "$HEAP"
