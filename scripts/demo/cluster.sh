# Sourced by run-demo.sh for --cluster (issue 14): the same clinical and research Orthanc as the single-node demo,
# then a private PostgreSQL on loopback, two WildFly nodes of the cluster profile (standalone-ha.xml) and a third,
# small WildFly as the balancer (standalone-balancer.xml) in front of them. Uses run-demo.sh's pids, work,
# wildfly, ear, port_free and wait_http; everything lives under $work/cluster.
#
#   node1: HTTP 8180 (offset 100), JGroups 7700, DICOM receiver RPBPACS1 at 127.0.0.1:11113
#   node2: HTTP 8280 (offset 200), JGroups 7800, DICOM receiver RPBPACS2 at 127.0.0.1:11114
#   balancer: HTTP 8080 -> /pacs on node1 and node2, sticky by the session cookie's route (.node1 / .node2)

cluster_dir=$work/cluster

# A private PostgreSQL of the demo cluster, kept between starts like the demo's other data.
cluster_postgres() {
  source "$root/scripts/lib-postgres.sh"
  local dir=$cluster_dir/postgres
  if [ -f "$dir/demo.env" ] && [ -d "$dir/data" ]; then
    source "$dir/demo.env"
    PG_PORT=$(free_port)
    pg_as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1" start >/dev/null || { cat "$dir/server.log"; exit 1; }
  else
    rm -rf "$dir"
    pg_start "$dir"
    printf 'PG_USER=%s\nPG_PASSWORD=%s\nPG_DB=%s\n' "$PG_USER" "$PG_PASSWORD" "$PG_DB" > "$dir/demo.env"
  fi
  on_stop="pg_stop $dir"
  echo "PostgreSQL of the cluster on 127.0.0.1:$PG_PORT"
}

# The clinical PACS sends C-MOVE results to the receiver of the node that runs the job: it must know each
# node's AE title (Orthanc's REST API adds them to the running PACS).
cluster_move_destinations() {
  local http=$1 n
  for n in 1 2; do
    curl -s -f -o /dev/null -X PUT "http://127.0.0.1:$http/modalities/rpbpacs$n" \
      --data "{\"AET\": \"RPBPACS$n\", \"Host\": \"127.0.0.1\", \"Port\": $((11112 + n))}" \
      || { echo "could not add RPBPACS$n to the PACS at port $http" >&2; exit 1; }
  done
}

# The server key that encrypts the project keys must be the same on every node (else a node cannot read the keys
# another node made): one key file for all, made once.
cluster_secrets_key() {
  local key=$cluster_dir/secrets.key
  [ -f "$key" ] || (umask 077; head -c 32 /dev/urandom | base64 > "$key")
  echo "$key"
}

cluster_node() { # NAME OFFSET RECEIVER_AET RECEIVER_PORT
  local name=$1 offset=$2 base=$cluster_dir/$1
  port_free $((8080 + offset)) || { echo "Port $((8080 + offset)) is in use: is the demo already running?" >&2; exit 1; }
  mkdir -p "$base/deployments" "$base/data" "$base/log"
  rm -rf "$base/configuration"
  cp -r "$wildfly/standalone/configuration" "$base/configuration"
  rm -f "$base"/deployments/pacs.ear*
  cp "$ear" "$base/deployments/pacs.ear"
  LAUNCH_JBOSS_IN_BACKGROUND=1 JAVA_OPTS="-Xmx1g -Djava.net.preferIPv4Stack=true" \
    "$wildfly/bin/standalone.sh" -c standalone-ha.xml -Djboss.server.base.dir="$base" -Djboss.node.name="$name" \
    -Djboss.socket.binding.port-offset="$offset" -Djboss.bind.address=127.0.0.1 \
    -Djboss.bind.address.private=127.0.0.1 -Dpacs.cluster.member1.port=7700 -Dpacs.cluster.member2.port=7800 \
    -Dpacs.receiver.aet="$3" -Dpacs.receiver.port="$4" -Dpacs.jobs.dir="$cluster_dir/jobs" -Dpacs.demo.data=true \
    -Dpacs.secrets.keyfile="$(cluster_secrets_key)" -Dpacs.exchange.dir="$cluster_dir/exchange" \
    -Dpacs.db.driver=postgresql "-Dpacs.db.url=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB" \
    -Dpacs.db.user="$PG_USER" -Dpacs.db.password="$PG_PASSWORD" > "$base/log/console.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do
    [ -f "$base/deployments/pacs.ear.deployed" ] || [ -f "$base/deployments/pacs.ear.failed" ] && break
    sleep 1
  done
  if [ ! -f "$base/deployments/pacs.ear.deployed" ]; then
    grep -E "ERROR" "$base/log/server.log" | head -20 >&2 || true
    echo "The module did not deploy on $name; see $base/log/server.log" >&2
    exit 1
  fi
}

cluster_balancer() {
  local base=$cluster_dir/balancer
  port_free 8080 || { echo "Port 8080 is in use: is the demo already running?" >&2; exit 1; }
  mkdir -p "$base/log"
  rm -rf "$base/configuration"
  cp -r "$wildfly/standalone/configuration" "$base/configuration"
  LAUNCH_JBOSS_IN_BACKGROUND=1 JAVA_OPTS="-Xmx256m -Djava.net.preferIPv4Stack=true" \
    "$wildfly/bin/standalone.sh" -c standalone-balancer.xml -Djboss.server.base.dir="$base" \
    -Djboss.node.name=balancer -Djboss.bind.address=127.0.0.1 > "$base/log/console.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:8080/pacs/login.xhtml" 120 || { echo "The balancer did not start; see $base/log" >&2; exit 1; }
}

run_cluster() {
  cluster_move_destinations 18042
  cluster_postgres
  # one node after the other: the first one migrates the schema and loads the demo data. Both run the job
  # recovery: each job is held by one node's lease, and a node takes over the jobs of a node that stopped.
  # Upload jobs' files are in one folder of both nodes ($cluster_dir/jobs), so that either can resume them.
  echo "Starting node1 ..."
  cluster_node node1 100 RPBPACS1 11113
  echo "Starting node2 ..."
  cluster_node node2 200 RPBPACS2 11114
  echo "Starting the balancer ..."
  cluster_balancer
  cat <<INFO

  RPB Medical Imaging (PACS) module is running as a cluster of two nodes.

  Open (balancer):  http://127.0.0.1:8080/pacs/
  Nodes:            node1 http://127.0.0.1:8180/pacs/ (DICOM receiver RPBPACS1 at 127.0.0.1:11113)
                    node2 http://127.0.0.1:8280/pacs/ (DICOM receiver RPBPACS2 at 127.0.0.1:11114)
  Shared database:  PostgreSQL at 127.0.0.1:$PG_PORT (data in $cluster_dir/postgres)
  Log in as (user / password, roles):
$(grep -v '^#' "$root/pacs-server/src/main/wildfly/demo-users.txt" | awk 'NF {printf "    %-9s / %-14s %s\n", $1, $2, $3}')

  Clinical PACS (Orthanc): AE CLINICAL at 127.0.0.1:14242, web http://127.0.0.1:18042/
  Research PACS (Orthanc): AE RESEARCH at 127.0.0.1:24242, web http://127.0.0.1:28042/
  Kill a node (its java process) and reload the page: the balancer sends you to the other node, still logged in.

  Press Ctrl-C to stop.
INFO
  wait "${pids[@]}"
}
