#!/usr/bin/env bash
# The whole test suite: installs what is missing, starts a private PostgreSQL on 127.0.0.1,
# runs `mvn verify` over every module against it, and stops it again.
# Extra arguments go to Maven (e.g. scripts/test.sh -pl pacs-core).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
source scripts/lib-postgres.sh

pgdir=$(mktemp -d /tmp/pacs-test-pg.XXXXXX)
cleanup() { pg_stop "$pgdir"; rm -rf "$pgdir"; }
trap cleanup EXIT
pg_start "$pgdir"

mvn -B verify \
  -Dpacs.db.driver=postgresql \
  "-Dpacs.db.url=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB" \
  -Dpacs.db.user="$PG_USER" -Dpacs.db.password="$PG_PASSWORD" \
  "$@"
