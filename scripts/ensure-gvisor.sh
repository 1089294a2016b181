#!/usr/bin/env bash
# Makes gVisor available to Docker as the OCI runtime `runsc`: installs Debian's runsc when it is
# missing and registers it in /etc/docker/daemon.json (a SIGHUP makes dockerd reload its runtimes
# without restarting containers). Idempotent.
#
# Arguments: the ptrace platform (no KVM needed), and the host network mode: gVisor then passes
# socket calls to the container's own network namespace, which Docker still isolates. Its own
# netstack refuses to start under this Docker ("cannot run with network enabled in root network
# namespace") and would not see a network connected after start, which network 'install' needs.
set -euo pipefail

if ! command -v runsc >/dev/null 2>&1; then
  echo "[llmsb] installing gVisor (Debian runsc)..." >&2
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq runsc >/dev/null
fi

# For an engine that takes a runtime binary but no arguments (Podman 4): the same flags, in a wrapper.
WRAPPER=/usr/local/lib/llmsb/runsc-ptrace
if [ ! -x "$WRAPPER" ]; then
  mkdir -p "$(dirname "$WRAPPER")"
  printf '#!/bin/sh\nexec %s --platform=ptrace --network=host "$@"\n' "$(command -v runsc)" > "$WRAPPER"
  chmod 755 "$WRAPPER"
fi

if docker info --format '{{json .Runtimes}}' | grep -q '"runsc"'; then exit 0; fi

config=/etc/docker/daemon.json
node --input-type=module - "$config" "$(command -v runsc)" <<'JS'
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
const [config, path] = process.argv.slice(2);
const settings = existsSync(config) ? JSON.parse(readFileSync(config, 'utf8') || '{}') : {};
settings.runtimes = { ...settings.runtimes, runsc: { path, runtimeArgs: ['--platform=ptrace', '--network=host'] } };
writeFileSync(config, `${JSON.stringify(settings, null, 2)}\n`);
JS
kill -HUP "$(pidof dockerd)"
for _ in $(seq 1 20); do
  if docker info --format '{{json .Runtimes}}' | grep -q '"runsc"'; then exit 0; fi
  sleep 0.5
done
echo "[llmsb] dockerd did not pick up the runsc runtime from $config" >&2
exit 1
