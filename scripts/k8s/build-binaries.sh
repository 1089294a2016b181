#!/usr/bin/env bash
# Builds kube-apiserver, kube-scheduler and kubelet from the Go module proxy (no Kubernetes
# distribution can be installed here). k8s.io/kubernetes pins its staging modules at v0.0.0 and
# maps them with replace directives that do not apply to a dependency, so a wrapper module
# (scripts/k8s/wrapper, committed with its go.sum) replaces each with its published v0.M.P twin.
# The binaries are cached outside the repo by a hash of the wrapper and this recipe, so a reused
# machine skips the build; a lock makes a second caller wait for the first build, not repeat it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/versions.sh"

commands="kube-apiserver kube-scheduler kubelet"
recipe_hash=$(printf '%s\n' "$K8S_VERSION" "$commands" | cat - "$here/wrapper/go.mod" "$here/wrapper/go.sum" | sha256sum | cut -c1-12)
out="$K8S_CACHE_DIR/bin/$K8S_VERSION-$recipe_hash"
mkdir -p "$K8S_CACHE_DIR/bin"
exec 9>"$K8S_CACHE_DIR/build.lock"
flock 9

if [ ! -x "$out/kubelet" ]; then
  minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  ldflags="-s -w \
   -X k8s.io/component-base/version.gitVersion=$K8S_VERSION \
   -X k8s.io/component-base/version.gitMajor=1 \
   -X k8s.io/component-base/version.gitMinor=$minor \
   -X k8s.io/component-base/version.gitTreeState=clean \
   -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION"
  echo "[k8s] building $commands $K8S_VERSION from the Go module proxy (cold: about 6 min here, with the module download)..." >&2
  rm -rf "$out.partial" && mkdir -p "$out.partial"
  cd "$here/wrapper"
  # -mod=mod: the wrapper imports nothing itself, so tidy would drop the requirements it lists.
  # shellcheck disable=SC2086
  CGO_ENABLED=0 go build -mod=mod -trimpath -ldflags "$ldflags" -o "$out.partial/" \
    $(printf 'k8s.io/kubernetes/cmd/%s ' $commands)
  rm -rf "$out" && mv "$out.partial" "$out"
  echo "[k8s] built into $out" >&2
else
  echo "[k8s] $commands $K8S_VERSION cached in $out" >&2
fi
ln -sfn "$out" "$K8S_CACHE_DIR/bin/current"
