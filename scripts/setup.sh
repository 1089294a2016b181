#!/usr/bin/env bash
# Sets up everything llmsb needs on a fresh Debian machine, idempotently: pnpm and the
# workspace's dependencies, the built packages, a running Docker engine, and every language's sandbox
# image (built from its recipe, skipped when an image of the same recipe hash exists); then Podman's
# service with the python image copied into its store.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

PNPM_VERSION=12.4.2

require_node() {
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
    || { echo "llmsb needs Node.js >= 20.19 (found $(node --version 2>/dev/null || echo none))" >&2; exit 1; }
}

install_pnpm() {
  if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    npm install --global --silent "pnpm@$PNPM_VERSION" >/dev/null 2>&1
  fi
  pnpm --version >/dev/null
}

install_host_tools() {
  # debootstrap builds the Debian base image without a container registry.
  if ! command -v debootstrap >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get -o DPkg::Lock::Timeout=300 update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq debootstrap >/dev/null
  fi
}

# Podman has its own image store; only python is copied (the Podman tests use python; CI time matters).
copy_python_image_to_podman() {
  (cd packages/backend-podman && node --input-type=module -e '
    import { copyImageToPodman } from "@llmsb/backend-podman";
    import { recipeImageTag } from "@llmsb/backend-docker";
    import { pythonRecipe } from "@llmsb/lang-python";
    const { image, copied } = await copyImageToPodman(recipeImageTag(pythonRecipe));
    console.error(`[llmsb] ${image} ${copied ? "copied from Docker into Podman" : "already in Podman"}`);')
}

stage "node >= 20.19" require_node
stage "pnpm $PNPM_VERSION" install_pnpm
stage "pnpm install" pnpm install --frozen-lockfile --reporter=silent
stage "build packages" pnpm build --output-logs=errors-only
stage "docker engine" bash scripts/ensure-docker.sh
stage "gvisor runtime" bash scripts/ensure-gvisor.sh
stage "host tools" install_host_tools
stage "sandbox images" pnpm --silent llmsb images build --parallel 2
stage "podman engine" bash scripts/ensure-podman.sh
stage "python image into podman" copy_python_image_to_podman
print_stage_summary
