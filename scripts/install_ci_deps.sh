#!/usr/bin/env bash
# System packages the test suite needs, installed with apt (Debian bookworm).
#   virtuoso-opensource   real SPARQL 1.1 server for the remote-store integration test (tests/graph)
#   chromium chromium-driver   real browser for the web tests
# Idempotent and non-interactive: packages already present are skipped; safe to call from .ci/run.
set -euo pipefail

PACKAGES=(virtuoso-opensource chromium chromium-driver)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install_ci_deps: all present (${PACKAGES[*]})"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
# The virtuoso package asks for a DBA password through debconf; preseed an empty answer so it never prompts.
echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba" | $SUDO debconf-set-selections 2>/dev/null || true
echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba" | $SUDO debconf-set-selections 2>/dev/null || true

APT_OPTS=(-y -q -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
echo "install_ci_deps: installing ${missing[*]}"
$SUDO apt-get -q -o DPkg::Lock::Timeout=600 update
$SUDO apt-get install "${APT_OPTS[@]}" --no-install-recommends "${missing[@]}"
# The Debian package starts a system-wide server on port 1111/8890; tests start their own, so stop it.
if command -v service >/dev/null 2>&1; then
  $SUDO service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
fi
echo "install_ci_deps: done"
