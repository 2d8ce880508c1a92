#!/usr/bin/env bash
# Runs every BareMetal test, exactly as CI does. On a fresh Debian machine it first installs what
# the tests need (PostgreSQL server binaries; later browsers and CLIs), which requires root.
set -euo pipefail
cd "$(dirname "$0")"

eng/install-test-dependencies.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test BareMetal.sln -c Release --nologo 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test projects.
summary=$(grep -E '^(Passed|Failed)!' "$log" || true)
passed=$(echo "$summary" | grep -oE 'Passed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
failed=$(echo "$summary" | grep -oE 'Failed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
skipped=$(echo "$summary" | grep -oE 'Skipped: +[0-9]+' | awk '{s+=$2} END {print s+0}')
echo
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
