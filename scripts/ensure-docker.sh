#!/usr/bin/env bash
# Makes a Docker engine reachable: installs Debian's docker.io when the engine is missing and
# starts dockerd when nothing answers. Idempotent; safe to run on a machine that already has one.
set -euo pipefail

if docker info >/dev/null 2>&1; then exit 0; fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "[llmsb] installing the Docker engine (Debian docker.io)..." >&2
  # Wait for the dpkg lock rather than fail when another apt run holds it.
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq docker.io >/dev/null
fi

echo "[llmsb] starting dockerd..." >&2
# From /, so the daemon does not hold on to (or depend on) the caller's checkout.
(cd / && exec nohup dockerd >/var/log/dockerd.log 2>&1) &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then exit 0; fi
  sleep 0.5
done
echo "[llmsb] dockerd did not answer within 30 s; see /var/log/dockerd.log" >&2
tail -20 /var/log/dockerd.log >&2 || true
exit 1
