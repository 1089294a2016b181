#!/usr/bin/env bash
# Runs every test against the real Docker engine after making sure everything is set up.
# With CI=true a missing engine or image fails the tests; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

bash scripts/setup.sh

results=$(mktemp)
status=0
stage "tests (unit + docker)" pnpm exec vitest run --reporter=default --reporter=json --outputFile="$results" || status=$?
print_stage_summary
# One closing line any CI can read.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$results" || echo "0 passed, 1 failed"
rm -f "$results"
exit "$status"
