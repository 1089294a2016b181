#!/usr/bin/env bash
# A real single-node Kubernetes cluster for the Kubernetes backend's tests, made of Debian's etcd,
# containerd, runc and CNI plugins plus kube-apiserver, kube-scheduler and kubelet built from the
# Go module proxy (build-binaries.sh). No controller-manager: the tests need pods, exec and delete.
#
#   cluster.sh up      start it (idempotent; a healthy cluster is left as it is) and print the
#                      kubeconfig the tests use
#   cluster.sh down    stop every process it started and remove its pods' containers
#   cluster.sh status  exit 0 when the API answers and the node is Ready
#   cluster.sh kubeconfig  print the path of the test user's kubeconfig
#
# The tests authenticate as a user bound only to the backend's documented minimal Role
# (packages/backend-k8s/rbac/role.yaml) in the namespace llmsb-test, so the Role is tested too.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
source "$here/versions.sh"

state=$K8S_STATE_DIR
run=$K8S_RUN_DIR
etcd_data=/dev/shm/llmsb-k8s-etcd
containerd_sock=$run/containerd.sock
api=https://127.0.0.1:6443
test_namespace=llmsb-test
pause_image=docker.io/llmsb/k8s-pause:1

log() { echo "[k8s] $*" >&2; }

# --- Processes: started detached, pid files in $run/pids, logs in $state/logs ---

start_process() {
  local name=$1; shift
  if process_alive "$name"; then return 0; fi
  mkdir -p "$run/pids" "$state/logs"
  # From /: the daemons outlive this script and must not depend on the caller's directory.
  (cd / && exec setsid nohup "$@" >"$state/logs/$name.log" 2>&1 </dev/null) &
  echo $! >"$run/pids/$name"
}

process_alive() {
  local pid_file=$run/pids/$1
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

stop_process() {
  local pid_file=$run/pids/$1
  [ -f "$pid_file" ] || return 0
  local pid; pid=$(cat "$pid_file")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}

# wait_for WHAT SECONDS COMMAND...: polls until COMMAND succeeds; on timeout shows the logs.
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      log "$what did not come up within ${seconds}s; the last lines of each log:"
      for f in "$state"/logs/*.log; do echo "--- $f" >&2; tail -15 "$f" >&2; done
      return 1
    fi
    sleep 0.5
  done
}

# --- API access with the admin token (curl: nothing else is installed yet at this point) ---

admin() {
  local method=$1 path=$2; shift 2
  curl -sS --fail-with-body -k -X "$method" -H "Authorization: Bearer $(token admin)" "$@" "$api$path"
}

# apply COLLECTION NAME FILE: creates the object in FILE (YAML) in COLLECTION, or replaces it.
apply() {
  local out
  out=$(admin POST "$1" -H 'Content-Type: application/yaml' --data-binary "@$3" 2>&1) && return 0
  grep -q '"reason": *"AlreadyExists"' <<<"$out" || { log "creating $3 failed: $out"; return 1; }
  out=$(admin PUT "$1/$2" -H 'Content-Type: application/yaml' --data-binary "@$3" 2>&1) || { log "replacing $3 failed: $out"; return 1; }
}

token() { awk -F, -v user="$1" '$2 == user {print $1}' "$state/pki/tokens.csv"; }

node_ready() {
  admin GET "/api/v1/nodes/$K8S_NODE_NAME" | node -e '
    const node = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const ready = (node.status?.conditions ?? []).find((c) => c.type === "Ready");
    process.exit(ready?.status === "True" ? 0 : 1);'
}

status() {
  [ -f "$state/pki/tokens.csv" ] && admin GET /readyz >/dev/null 2>&1 && node_ready
}

# --- Set-up steps ---

install_packages() {
  local missing=()
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v containerd >/dev/null || missing+=(containerd)
  command -v runc >/dev/null || missing+=(runc)
  command -v busybox >/dev/null || missing+=(busybox-static)
  [ -x /usr/lib/cni/bridge ] || missing+=(containernetworking-plugins)
  command -v iptables >/dev/null || missing+=(iptables)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} (Debian)"
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

write_credentials() {
  mkdir -p "$state/pki" && chmod 700 "$state/pki"
  [ -f "$state/pki/sa.key" ] || openssl genrsa -out "$state/pki/sa.key" 2048 2>/dev/null
  if [ ! -f "$state/pki/tokens.csv" ]; then
    local t; t() { openssl rand -hex 16; }
    # token,user,uid,"groups": the kubelet and scheduler get the identities the Node authorizer
    # and the bootstrap RBAC roles expect.
    {
      echo "$(t),admin,admin,\"system:masters\""
      echo "$(t),system:node:$K8S_NODE_NAME,kubelet,\"system:nodes\""
      echo "$(t),system:kube-scheduler,scheduler"
      echo "$(t),llmsb-tests,llmsb-tests"
    } >"$state/pki/tokens.csv"
  fi
  for user in admin system:node:$K8S_NODE_NAME system:kube-scheduler llmsb-tests; do
    local file=$state/${user//[:]/-}.kubeconfig
    cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: llmsb-test, cluster: {server: "$api", insecure-skip-tls-verify: true}}]
users: [{name: $user, user: {token: $(token "$user")}}]
contexts: [{name: llmsb-test, context: {cluster: llmsb-test, user: $user, namespace: $test_namespace}}]
current-context: llmsb-test
EOF
    chmod 600 "$file"
  done
  # The kubelet must reach itself under the node name, which may not be a loopback node IP.
  grep -q " $K8S_NODE_NAME\$" /etc/hosts || echo "127.0.0.1 $K8S_NODE_NAME" >>/etc/hosts
}

start_containerd() {
  # Pods get a default route (so network 'bridge' reaches registries, NATed by ipMasq); the
  # firewall plugin lets their traffic through the FORWARD chain, whose policy Docker sets to DROP.
  mkdir -p "$state/cni" "$run"
  cat >"$state/cni/10-llmsb-test.conflist" <<'EOF'
{"cniVersion": "1.0.0", "name": "llmsb-test", "plugins": [
  {"type": "bridge", "bridge": "llmsbk8s0", "isGateway": true, "ipMasq": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.244.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}},
  {"type": "firewall"}]}
EOF
  cat >"$state/containerd.toml" <<EOF
# A containerd of its own (Docker's has another config), with CRI for the kubelet.
version = 2
root = "$state/containerd"
state = "$run/containerd"
[grpc]
  address = "$containerd_sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$pause_image"
  stream_server_address = "127.0.0.1"
  # The kernel here refuses negative oom_score_adj values (EIO), which the kubelet asks for; this
  # clamps them to containerd's own (0) instead of failing every pod sandbox.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        Root = "$run/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$state/cni"
EOF
  start_process containerd containerd --config "$state/containerd.toml"
  wait_for containerd 30 ctr -a "$containerd_sock" version
}

ctr_k8s() { ctr -a "$containerd_sock" -n k8s.io "$@"; }
has_image() { ctr_k8s images ls -q | grep -qx "$1"; }

# The pod sandbox ("pause") image: busybox's sh and sleep, made here since no registry is reachable.
import_pause_image() {
  has_image "$pause_image" && return 0
  local root; root=$(mktemp -d)
  mkdir -p "$root/bin" && cp "$(command -v busybox)" "$root/bin/busybox"
  for tool in sh sleep; do ln -s busybox "$root/bin/$tool"; done
  tar -C "$root" -c . | docker import \
    --change 'CMD ["/bin/sh", "-c", "trap \"exit 0\" TERM; while :; do sleep 3600 & wait $!; done"]' - "$pause_image" >/dev/null
  rm -rf "$root"
  docker save "$pause_image" | ctr_k8s images import - >/dev/null
}

# The library's python image (the one the cluster tests use) and the supervisor's image (pods get
# the supervisor from it), copied from Docker's store; the supervisor's is made there first.
import_sandbox_images() {
  local images image
  images=$(cd "$repo/packages/backend-docker" && node --input-type=module -e '
    import Docker from "dockerode";
    import { ensureSupervisorImage, recipeImageTag } from "@llmsb/backend-docker";
    import { pythonRecipe } from "@llmsb/lang-python";
    console.log(recipeImageTag(pythonRecipe), await ensureSupervisorImage(new Docker()));')
  for image in $images; do
    has_image "docker.io/$image" && continue
    log "importing $image into the cluster's containerd"
    docker save "$image" | ctr_k8s images import - >/dev/null
  done
}

start_control_plane() {
  start_process etcd etcd --name llmsb-test --data-dir "$etcd_data" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster llmsb-test=http://127.0.0.1:2380
  wait_for etcd 30 curl -sf http://127.0.0.1:2379/health
  local bin=$K8S_CACHE_DIR/bin/current
  start_process kube-apiserver "$bin/kube-apiserver" \
    --etcd-servers=http://127.0.0.1:2379 \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port=6443 --cert-dir="$state/apiserver" \
    --token-auth-file="$state/pki/tokens.csv" --authorization-mode=Node,RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$state/pki/sa.key" --service-account-signing-key-file="$state/pki/sa.key" \
    --service-cluster-ip-range=10.96.0.0/24 \
    --disable-admission-plugins=ServiceAccount,TaintNodesByCondition \
    --enable-admission-plugins=NodeRestriction \
    --kubelet-preferred-address-types=Hostname \
    --profiling=false
  wait_for kube-apiserver 120 admin GET /readyz
  start_process kube-scheduler "$bin/kube-scheduler" \
    --kubeconfig="$state/system-kube-scheduler.kubeconfig" \
    --authentication-kubeconfig="$state/system-kube-scheduler.kubeconfig" \
    --authorization-kubeconfig="$state/system-kube-scheduler.kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port=10259
}

# The test user holds the documented Role in two namespaces: $test_namespace enforces the PodSecurity
# "baseline" profile (what the supervisor's separate identity needs), $test_namespace-restricted
# the "restricted" one (the restricted identity and the plain path must pass it).
apply_test_access() {
  local namespace profile namespace_file role_binding
  namespace_file=$(mktemp); role_binding=$(mktemp)
  for namespace in "$test_namespace" "$test_namespace-restricted"; do
    profile=baseline; [[ $namespace == *-restricted ]] && profile=restricted
    printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: %s, labels: {pod-security.kubernetes.io/enforce: %s}}\n' \
      "$namespace" "$profile" >"$namespace_file"
    cat >"$role_binding" <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: llmsb-tests, namespace: $namespace}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: llmsb-sandbox}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: llmsb-tests}]
EOF
    apply /api/v1/namespaces "$namespace" "$namespace_file"
    apply "/apis/rbac.authorization.k8s.io/v1/namespaces/$namespace/roles" llmsb-sandbox "$repo/packages/backend-k8s/rbac/role.yaml"
    apply "/apis/rbac.authorization.k8s.io/v1/namespaces/$namespace/rolebindings" llmsb-tests "$role_binding"
  done
  rm -f "$namespace_file" "$role_binding"
}

start_kubelet() {
  cat >"$state/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
authentication: {anonymous: {enabled: true}, webhook: {enabled: false}}
authorization: {mode: AlwaysAllow}
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$containerd_sock
failSwapOn: false
failCgroupV1: false
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
resolvConf: /etc/resolv.conf
EOF
  start_process kubelet "$K8S_CACHE_DIR/bin/current/kubelet" --config="$state/kubelet.yaml" \
    --kubeconfig="$state/system-node-$K8S_NODE_NAME.kubeconfig" \
    --hostname-override="$K8S_NODE_NAME" --root-dir="$state/kubelet"
  wait_for "the node $K8S_NODE_NAME" 180 node_ready
}

up() {
  if status; then
    import_sandbox_images
    apply_test_access
    log "cluster already up"
  else
    install_packages
    bash "$here/build-binaries.sh"
    write_credentials
    start_containerd
    import_pause_image
    import_sandbox_images
    start_control_plane
    apply_test_access
    start_kubelet
    log "cluster up: node $K8S_NODE_NAME Ready; kubeconfig of the test user: $state/llmsb-tests.kubeconfig"
  fi
}

down() {
  # Pods first, through the kubelet, so containers and their mounts go away cleanly.
  if process_alive kube-apiserver && process_alive kubelet; then
    admin DELETE "/api/v1/namespaces/$test_namespace/pods?gracePeriodSeconds=0" >/dev/null 2>&1 || true
  fi
  stop_process kubelet
  stop_process kube-scheduler
  if process_alive containerd; then
    local task
    for task in $(ctr_k8s tasks ls -q 2>/dev/null); do ctr_k8s tasks kill -s KILL "$task" >/dev/null 2>&1 || true; done
    sleep 0.5
    for task in $(ctr_k8s tasks ls -q 2>/dev/null); do ctr_k8s tasks rm -f "$task" >/dev/null 2>&1 || true; done
    for task in $(ctr_k8s containers ls -q 2>/dev/null); do ctr_k8s containers rm "$task" >/dev/null 2>&1 || true; done
  fi
  stop_process containerd
  # Shims outlive containerd; their containers are gone, so they may go too.
  pkill -f "containerd-shim-runc-v2 -namespace k8s.io -id .* -address $containerd_sock" 2>/dev/null || true
  stop_process kube-apiserver
  stop_process etcd
  rm -rf "$etcd_data"
  # Whatever the shims and the kubelet left mounted (rootfs, emptyDir tmpfs, netns).
  grep -oE " ($run|$state/kubelet)(/[^ ]*)? " /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  log "cluster down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kubeconfig) echo "$state/llmsb-tests.kubeconfig" ;;
  *) echo "usage: $0 up|down|status|kubeconfig" >&2; exit 2 ;;
esac
