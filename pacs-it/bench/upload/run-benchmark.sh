#!/usr/bin/env bash
# Upload benchmark (issue 17): a CT + RTSTRUCT + RTPLAN + RTDOSE study of N instances (default 500,
# scripts/testdata/make_rt_study.py) through the upload page in headless Chromium (the browser tests' Selenium
# driver) into a slot, timed from choosing the files to "slot filled", against dcmtk storescu of the same files into
# a research Orthanc configured alike (one association, TCP_NODELAY=1); both warmed up first with a study of
# WARMUP instances (default N: the server's JIT then has compiled the upload's paths, as on a site's server).
# Prints the ratio (goal <= 3x storescu's time) and the split: transfer, inspection on the page, and the upload
# job's steps (inspection, de-identification, store, verify, instance rows, record) from the line the job logs.
# Runs pacs-it's UploadBenchmark (not part of mvn verify) through scripts/test.sh, which builds what is missing and
# starts a private PostgreSQL; the benchmark starts a WildFly of its own on a free port offset (not the demo ports:
# no lock needed) and two Orthancs; all are stopped on every path.
# Usage: pacs-it/bench/upload/run-benchmark.sh [N [WARMUP]]    (needs what scripts/setup.sh installs)
# BENCH_JFR=/abs/file.jfr records a flight recording of WildFly from its start (one started in the middle makes the
#   JIT compile again), dumped after the measured upload; the table gives the parts' UTC times to cut it.
# BENCH_WARMUP_ROUNDS=R warm-up uploads (default 3) of distinct WARMUP-instance studies before the measured ones.
# BENCH_ROUNDS=R measured rounds (default 3), each storescu (one association, then x workers) and the upload page on a
#   study of its own; the median round's ratio is the result, and that round is split in detail.
# BENCH_JS_PROFILE=1 profiles the page's JavaScript (DevTools, 1 ms samples) during the measured upload.
# BENCH_SERVER_OPTS="..." adds options to WildFly's JVM, e.g. -Xlog:jit+compilation=debug:file=/abs/jit.log:time
# BENCH_WORKERS=N runs the upload job with N workers (the server's pacs.upload.workers) instead of its default.
set -euo pipefail
n=${1:-500}
warm=${2:-$n}
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
scripts/test.sh -o -q -pl pacs-it -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dit.test=UploadBenchmark -Dpacs.bench.upload.instances="$n" -Dpacs.bench.upload.warmup="$warm" \
  ${BENCH_JFR:+-Dpacs.bench.upload.jfr="$BENCH_JFR"} ${BENCH_WORKERS:+-Dpacs.bench.upload.workers="$BENCH_WORKERS"} \
  ${BENCH_WARMUP_ROUNDS:+-Dpacs.bench.upload.warmupRounds="$BENCH_WARMUP_ROUNDS"} \
  ${BENCH_ROUNDS:+-Dpacs.bench.upload.rounds="$BENCH_ROUNDS"} \
  ${BENCH_JS_PROFILE:+-Dpacs.bench.upload.jsProfile=true} \
  ${BENCH_SERVER_OPTS:+"-Dpacs.bench.upload.serverOpts=$BENCH_SERVER_OPTS"}
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat pacs-it/target/bench/upload-benchmark.md
