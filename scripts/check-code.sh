#!/usr/bin/env bash
# The code checks that need no engine: lint (type-aware), type-check of src and test, format,
# knip (unused files, exports, dependencies) and the API reference build (docs/api). Each runs
# even when an earlier one failed, so one run reports every problem; prints each stage's time
# and exits 1 if any failed. Builds first (turbo's cache makes that free when nothing changed):
# the type-aware checks read the other packages' built declarations.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

failed=0
stage "build" pnpm --silent turbo run build --output-logs=errors-only || failed=1
stage "lint (eslint)" pnpm --silent turbo run lint --continue --output-logs=errors-only || failed=1
stage "typecheck (src and test)" pnpm --silent turbo run typecheck --continue --output-logs=errors-only || failed=1
stage "format check (prettier)" pnpm --silent exec prettier --check --log-level warn . || failed=1
stage "knip" pnpm --silent exec knip --no-config-hints || failed=1
stage "API reference (typedoc)" pnpm --silent exec typedoc --logLevel Error || failed=1
print_stage_summary
exit $failed
