#!/usr/bin/env bash
# Runs every test against the real engines after making sure everything is set up (scripts/setup.sh,
# then the Kubernetes test cluster: the first time, that builds Kubernetes, about 6 minutes):
# unit, docker and cluster tests first, then the destructive ones (engine restart) alone.
# A missing engine, image or cluster fails the tests; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

bash scripts/setup.sh

results_dir=$(mktemp -d)
status=0
stage "kubernetes test cluster" bash scripts/k8s/cluster.sh up || status=$?
export LLMSB_K8S_KUBECONFIG=${LLMSB_K8S_KUBECONFIG:-$(bash scripts/k8s/cluster.sh kubeconfig)}
stage "tests (unit + docker)" \
  pnpm exec vitest run --project unit --project docker --reporter=default --reporter=json --outputFile="$results_dir/main.json" || status=$?
stage "supervisor (go test)" bash -c 'cd packages/supervisor/go && go test ./... -count=1' || status=$?
stage "tests (destructive, alone)" \
  pnpm exec vitest run --project destructive --reporter=default --reporter=json --outputFile="$results_dir/destructive.json" || status=$?
print_stage_summary
# One closing line any CI can read, summing both runs (a test skipped by a failed beforeAll is a failure).
node scripts/summarize-results.mjs "$results_dir/main.json" "$results_dir/destructive.json" || status=1
rm -rf "$results_dir"
exit "$status"
