#!/usr/bin/env bash
# Adds the cluster profiles (issue 14) to a freshly unpacked WildFly; called by configure-server.sh before it
# configures standalone.xml. Usage: configure-cluster.sh WILDFLY_DIR
#  - standalone-ha.xml: the module's own configuration (configure.cli, the same steps as standalone.xml) plus
#    cluster-node.cli (JGroups over TCP with TCPPING on loopback, replicated sessions routed by node name);
#  - standalone-balancer.xml: a copy of the pristine standalone.xml with balancer.cli (reverse proxy to the nodes).
set -euo pipefail
target=$1
here=$(cd "$(dirname "$0")" && pwd)
config="$target/standalone/configuration"
log="$target/configure-cluster.log"

cp "$config/standalone.xml" "$config/standalone-balancer.xml"
sed 's/--server-config=standalone\.xml/--server-config=standalone-ha.xml/' "$here/../configure.cli" > "$target/configure-ha.cli"
grep -q -- '--server-config=standalone-ha.xml' "$target/configure-ha.cli" || {
  echo "configure.cli no longer names standalone.xml in its embed-server line" >&2; exit 1; }
for cli in "$target/configure-ha.cli" "$here/cluster-node.cli" "$here/balancer.cli"; do
  echo "== $cli" >> "$log"
  "$target/bin/jboss-cli.sh" --file="$cli" >> "$log" 2>&1 || {
    cat "$log"; echo "jboss-cli configuration of the cluster profiles failed ($cli)" >&2; exit 1; }
done
rm "$target/configure-ha.cli"
