#!/usr/bin/env bash
# Installs, by Debian package name, everything the build, the tests and the demo need.
# Idempotent: does nothing when all packages are there. Installing needs root.
set -euo pipefail

PACKAGES=(
  openjdk-17-jdk-headless maven          # build
  libpixelmed-java                       # DICOM networking (pacs-core adapter) and benchmark baseline
  postgresql                             # production database; the tests run against it
  chromium chromium-driver               # browser tests
  orthanc orthanc-dicomweb               # real PACS for the demo and the tests
  dcmtk dicom3tools python3-pydicom      # independent DICOM peers, validators and test data
  python3-jsonschema                     # validates pacs-deident's rule schema against its example (tests)
  unzip zip curl procps
  nodejs                                 # bundles the viewer (pacs-web: npm ci + esbuild in the Maven build)
)
# npm comes with some nodejs builds (NodeSource) and as Debian's package "npm" with Debian's nodejs
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Run as root (or: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "Installing: ${missing[*]}"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
# Debian's orthanc package may start its own system service; the project never uses it
# (its Orthanc instances run with their own configuration and storage), so keep it out of the way.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet orthanc 2>/dev/null; then
  systemctl stop orthanc || true
fi
