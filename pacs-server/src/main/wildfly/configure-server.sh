#!/usr/bin/env bash
# Builds a configured WildFly from the parts the Maven build fetched, with three server configurations
# (chosen at start with standalone.sh -c NAME; they share the modules and differ only in their XML):
#  standalone.xml             the demo (default of the run command): HTTP on loopback, the demo users
#  standalone-test.xml        pacs-it's server: as the demo, users from the files the test run names
#  standalone-production.xml  HTTPS, security headers and cookie flags, no users, no datasource defaults
# Usage: configure-server.sh PARTS_DIR WILDFLY_DIR
# The jboss-cli script is not idempotent, so every run starts from a freshly unpacked server.
set -euo pipefail
parts=$1
target=$2
here=$(cd "$(dirname "$0")" && pwd)

# Reconfigure only when the script, its inputs or the fetched parts changed.
stamp_new=$( (cat "$here"/configure-server.sh "$here"/configure*.cli "$here"/demo-users.txt "$here"/cluster/*; \
  find "$here/modules" -type f -exec cat {} +; stat -c '%n %s %Y' "$parts"/*) | sha256sum | cut -c1-16)
if [ -f "$target/.configured" ] && [ "$(cat "$target/.configured")" = "$stamp_new" ]; then
  echo "WildFly in $target is up to date"
  exit 0
fi

rm -rf "$target" "$target.tmp"
mkdir -p "$target.tmp"
unzip -q "$parts/wildfly-dist.zip" -d "$target.tmp"
mv "$target.tmp"/wildfly-* "$target"
rmdir "$target.tmp"

modules="$target/modules/system/layers/base"
cp "$here/modules/org/eclipse/persistence/main/module.xml" "$modules/org/eclipse/persistence/main/module.xml"
cp "$parts/eclipselink.jar" "$modules/org/eclipse/persistence/main/eclipselink.jar"
mkdir -p "$modules/org/postgresql/main"
cp "$here/modules/org/postgresql/main/module.xml" "$modules/org/postgresql/main/module.xml"
cp "$parts/postgresql.jar" "$modules/org/postgresql/main/postgresql.jar"

cli() { # SCRIPT
  "$target/bin/jboss-cli.sh" --file="$1" >> "$target/configure-cli.log" 2>&1 || {
    cat "$target/configure-cli.log"; echo "jboss-cli configuration $1 failed" >&2; exit 1; }
}
config="$target/standalone/configuration"
# the cluster profiles first: the balancer's starts from the pristine standalone.xml
bash "$here/cluster/configure-cluster.sh" "$target"
cli "$here/configure.cli"
# the test and production configurations start from the base configuration, before the demo's users go in
cp "$config/standalone.xml" "$config/standalone-test.xml"
cp "$config/standalone.xml" "$config/standalone-production.xml"
cli "$here/configure-demo.cli"
# the cluster profile of this repository is the demo's and the tests' (run-demo.sh --cluster, ClusterFailoverBrowserIT):
# the demo's users and loopback HTTP, like standalone.xml
sed 's/--server-config=standalone\.xml/--server-config=standalone-ha.xml/' "$here/configure-demo.cli" > "$target/configure-demo-ha.cli"
cli "$target/configure-demo-ha.cli"
rm "$target/configure-demo-ha.cli"
cli "$here/configure-test.cli"
# The embedded CLI checks that every expression resolves; the keystore password has no default (and none is stored),
# so it is resolvable during this step only.
JAVA_OPTS="${JAVA_OPTS:-} -Dpacs.tls.keystore.password=checked-at-start" cli "$here/configure-production.cli"

# Demo users, read by standalone.xml and the cluster profile standalone-ha.xml only (configure-demo.cli), in the format add-user.sh writes:
# HEX(MD5(user:realm:password)); outside the configuration folder. WildFly's application-users.properties stays empty.
mkdir -p "$target/demo"
users="$target/demo/demo-users.properties"
roles="$target/demo/demo-roles.properties"
: > "$users"
: > "$roles"
while read -r user password groups; do
  case "$user" in ''|'#'*) continue;; esac
  printf '%s=%s\n' "$user" "$(printf '%s' "$user:ApplicationRealm:$password" | md5sum | cut -d' ' -f1)" >> "$users"
  printf '%s=%s\n' "$user" "$groups" >> "$roles"
done < "$here/demo-users.txt"

echo "$stamp_new" > "$target/.configured"
echo "WildFly configured in $target"
