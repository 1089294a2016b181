#!/usr/bin/env bash
# Regenerates go.mod/go.sum of the wrapper module for K8S_VERSION (run by hand when bumping it,
# then commit both files). Each staging module k8s.io/kubernetes pins at v0.0.0 is replaced by
# its published twin v0.M.P; where the module proxy lacks that exact patch (modules the build does
# not compile, such as code-generator), the newest served patch of the same minor stands in.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../versions.sh"
cd "$here"
staging=v0.${K8S_VERSION#v1.}
minor=${staging%.*}
upstream_mod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | node -pe 'JSON.parse(require("fs").readFileSync(0)).GoMod')

rm -f go.mod go.sum
go mod init llmsb.dev/k8s-test-cluster >/dev/null 2>&1
# The main module's go and godebug lines decide the binaries' GODEBUG defaults: copy upstream's.
go mod edit -go="$(awk '$1 == "go" {print $2; exit}' "$upstream_mod")" -require="k8s.io/kubernetes@$K8S_VERSION"
awk '$1 == "godebug" {print}' "$upstream_mod" >> go.mod
for module in $(awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' "$upstream_mod" | sort -u); do
  served=$(cd / && go list -m -versions "$module" | tr ' ' '\n' | grep -E "^${minor//./\\.}\.[0-9]+$" || true)
  if grep -qx "$staging" <<<"$served"; then version=$staging
  else
    version=$(sort -V <<<"$served" | tail -1)
    [ -n "$version" ] || { echo "no $minor.x of $module is served" >&2; exit 1; }
    echo "note: $module $staging is not served; using $version" >&2
  fi
  go mod edit -replace="$module=$module@$version"
done
go get "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" "k8s.io/kubernetes/cmd/kubelet@$K8S_VERSION"
