#!/usr/bin/env bash
# Runs every BareMetal test, exactly as CI does. On a fresh Debian machine it first installs what
# the tests need (PostgreSQL server binaries; later browsers and CLIs), which requires root.
set -euo pipefail
cd "$(dirname "$0")"

eng/install-test-dependencies.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# Build everything once, then run the test projects one after another: several of them start real
# clusters (processes, sockets, PostgreSQL) whose failure detectors should not compete for 2 cores.
if ! dotnet build BareMetal.sln -c Release --nologo >"$log" 2>&1; then
  grep -E "error|warning" "$log" | sort -u | head -n 50
  echo "Build failed."
  exit 1
fi
tail -n 3 "$log"
dotnet test BareMetal.sln -c Release --nologo --no-build -m:1 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test projects.
summary=$(grep -E '^(Passed|Failed)!' "$log" || true)
passed=$(echo "$summary" | grep -oE 'Passed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
failed=$(echo "$summary" | grep -oE 'Failed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
skipped=$(echo "$summary" | grep -oE 'Skipped: +[0-9]+' | awk '{s+=$2} END {print s+0}')
# Each failed test's name and message again, last: a log read from its tail (a CI summary) shows them even when the
# failed tests printed pages of process output after their message.
failures=$(awk '
  /^ +Failed [^ ]+ \[/ { inside = 1; lines = 0 }
  inside && /^ +(Stack Trace|Standard Output Messages):/ { inside = 0 }
  inside && lines < 12 { print; lines++ }
' "$log")
if [ -n "$failures" ]; then
  echo
  echo "Failed tests:"
  echo "$failures"
fi
echo
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
