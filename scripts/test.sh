#!/usr/bin/env bash
# Runs every test against the real Docker engine after making sure everything is set up:
# unit and docker tests first, then the destructive ones (engine restart) alone.
# With CI=true a missing engine or image fails the tests; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

bash scripts/setup.sh

results_dir=$(mktemp -d)
status=0
stage "tests (unit + docker)" \
  pnpm exec vitest run --project unit --project docker --reporter=default --reporter=json --outputFile="$results_dir/main.json" || status=$?
stage "tests (destructive, alone)" \
  pnpm exec vitest run --project destructive --reporter=default --reporter=json --outputFile="$results_dir/destructive.json" || status=$?
print_stage_summary
# One closing line any CI can read, summing both runs.
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const file of process.argv.slice(1)) {
    if (!fs.existsSync(file)) { failed += 1; continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + (r.success ? 0 : Math.max(0, 1 - r.numFailedTests)); skipped += r.numPendingTests;
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results_dir/main.json" "$results_dir/destructive.json"
rm -rf "$results_dir"
exit "$status"
