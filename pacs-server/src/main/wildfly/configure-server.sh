#!/usr/bin/env bash
# Builds a configured WildFly from the parts the Maven build fetched.
# Usage: configure-server.sh PARTS_DIR WILDFLY_DIR
# The jboss-cli script is not idempotent, so every run starts from a freshly unpacked server.
set -euo pipefail
parts=$1
target=$2
here=$(cd "$(dirname "$0")" && pwd)

# Reconfigure only when the script, its inputs or the fetched parts changed.
stamp_new=$( (cat "$here"/configure-server.sh "$here"/configure.cli "$here"/demo-users.txt "$here"/cluster/*; \
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

# the cluster profiles first: the balancer's starts from the pristine standalone.xml
bash "$here/cluster/configure-cluster.sh" "$target"

"$target/bin/jboss-cli.sh" --file="$here/configure.cli" > "$target/configure-cli.log" 2>&1 || {
  cat "$target/configure-cli.log"; echo "jboss-cli configuration failed" >&2; exit 1; }

# Demo users of the ApplicationRealm (the format add-user.sh writes: HEX(MD5(user:realm:password))).
users="$target/standalone/configuration/application-users.properties"
roles="$target/standalone/configuration/application-roles.properties"
while read -r user password groups; do
  case "$user" in ''|'#'*) continue;; esac
  printf '%s=%s\n' "$user" "$(printf '%s' "$user:ApplicationRealm:$password" | md5sum | cut -d' ' -f1)" >> "$users"
  printf '%s=%s\n' "$user" "$groups" >> "$roles"
done < "$here/demo-users.txt"

echo "$stamp_new" > "$target/.configured"
echo "WildFly configured in $target"
