#!/usr/bin/env bash
# Installs, from Debian's packages, what the test suite needs and a fresh machine lacks.
# Idempotent: does nothing when everything is present. Needs root only when something is missing.
set -euo pipefail

missing=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
# The Ironic-compatible API is tested with OpenStack's own command line client.
if ! command -v baremetal >/dev/null 2>&1; then
  missing+=(python3-ironicclient python3-openstackclient)
fi

# The ipmi driver is tested against a real BMC simulator (OpenIPMI's ipmi_sim) with the real ipmitool.
if ! command -v ipmi_sim >/dev/null 2>&1; then
  missing+=(openipmi)
fi
if ! command -v ipmitool >/dev/null 2>&1; then
  missing+=(ipmitool)
fi

# The dashboard tests drive Debian's headless Chromium through Playwright (Playwright's browser download is never used).
if [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi

# The Redfish driver's test fixture is checked with DMTF's own Redfish client.
if ! command -v redfishtool >/dev/null 2>&1; then
  missing+=(redfishtool)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages: ${missing[*]}. Install them (as root: apt-get install -y ${missing[*]}) and run again." >&2
  exit 1
fi

echo "Installing test dependencies: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
