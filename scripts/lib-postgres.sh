# Sourced by scripts: a private PostgreSQL cluster on 127.0.0.1, never the system service.
# pg_start DIR  -> sets PG_PORT, PG_USER, PG_PASSWORD, PG_DB; pg_stop DIR

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Runs a PostgreSQL program as the postgres user when we are root (initdb refuses root).
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local dir=$1 bin
  bin=$(pg_bin)
  PG_PORT=$(free_port)
  PG_USER=pacs
  PG_PASSWORD=pacs-test-$RANDOM$RANDOM
  PG_DB=pacs
  mkdir -p "$dir"
  printf '%s\n' "$PG_PASSWORD" > "$dir/pwfile"
  chmod 600 "$dir/pwfile"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$dir"; fi
  pg_as_owner "$bin/initdb" -D "$dir/data" -U "$PG_USER" --pwfile="$dir/pwfile" -A scram-sha-256 -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log"; return 1; }
  pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1" start >/dev/null \
    || { cat "$dir/server.log"; return 1; }
  PGPASSWORD=$PG_PASSWORD "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $dir)"
}

pg_stop() {
  local dir=$1
  [ -d "$dir/data" ] && pg_as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
