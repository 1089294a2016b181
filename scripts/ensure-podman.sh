#!/usr/bin/env bash
# Makes Podman's Docker-compatible REST service reachable at /run/podman/podman.sock: installs
# Debian's podman when missing, writes the one containers.conf setting these VMs need, and starts
# `podman system service` when the socket does not answer. Idempotent. Podman keeps its own image
# store: scripts/setup.sh copies the python image into it from Docker.
set -euo pipefail

SOCKET=/run/podman/podman.sock
CONF=/etc/containers/containers.conf

answers() { curl -fsS --max-time 2 --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1; }

if ! command -v podman >/dev/null 2>&1; then
  echo "[llmsb] installing Podman (Debian podman)..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman >/dev/null
fi

# `Init: true` runs catatonit, which Debian's podman only recommends.
if [ ! -x /usr/libexec/podman/catatonit ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq catatonit >/dev/null
fi

# Without it every container fails with "error setting rlimit type 7": the VM lacks CAP_SYS_RESOURCE.
if ! grep -qs '^default_ulimits = \[\]' "$CONF"; then
  mkdir -p "$(dirname "$CONF")"
  printf '[containers]\ndefault_ulimits = []\n' > "$CONF"
fi

# gVisor for Podman (`runtime: 'runsc'`) through ensure-gvisor.sh's wrapper, which adds the flags
# Docker gets from daemon.json: Podman 4.3 takes no per-runtime arguments. A running service
# rereads containers.conf only on restart.
RUNSC_WRAPPER=/usr/local/lib/llmsb/runsc-ptrace
if [ -x "$RUNSC_WRAPPER" ] && ! grep -qs "^runsc = \[\"$RUNSC_WRAPPER\"\]" "$CONF"; then
  printf '\n[engine.runtimes]\nrunsc = ["%s"]\n' "$RUNSC_WRAPPER" >> "$CONF"
  if answers; then
    echo "[llmsb] restarting podman system service to register runsc..." >&2
    pkill -f "podman system service" || true
    for _ in $(seq 1 20); do answers || break; sleep 0.5; done
  fi
fi

# Podman's compatible API ignores a container's runtime, so gVisor sandboxes come from a second
# service whose default runtime is runsc (same image store).
RUNSC_SOCKET=/run/podman/podman-runsc.sock
if [ -x "$RUNSC_WRAPPER" ] && ! curl -fsS --max-time 2 --unix-socket "$RUNSC_SOCKET" http://d/_ping >/dev/null 2>&1; then
  echo "[llmsb] starting podman system service with runsc at $RUNSC_SOCKET..." >&2
  rm -f "$RUNSC_SOCKET"
  (cd / && exec nohup podman --runtime runsc system service --time=0 "unix://$RUNSC_SOCKET" >/var/log/podman-runsc-service.log 2>&1) &
  for _ in $(seq 1 60); do
    curl -fsS --max-time 2 --unix-socket "$RUNSC_SOCKET" http://d/_ping >/dev/null 2>&1 && break
    sleep 0.5
  done
fi

if answers; then exit 0; fi

echo "[llmsb] starting podman system service at $SOCKET..." >&2
mkdir -p "$(dirname "$SOCKET")"
rm -f "$SOCKET"
# From /: conmon inherits the working directory and fails once it is gone (a deleted checkout).
(cd / && exec nohup podman system service --time=0 "unix://$SOCKET" >/var/log/podman-service.log 2>&1) &
for _ in $(seq 1 60); do
  if answers; then exit 0; fi
  sleep 0.5
done
echo "[llmsb] Podman's service did not answer within 30 s; see /var/log/podman-service.log" >&2
tail -20 /var/log/podman-service.log >&2 || true
exit 1
