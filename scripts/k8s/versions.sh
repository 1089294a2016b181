# Versions and places of the test cluster; sourced by the scripts in scripts/k8s.
# 1.33 is the newest release whose every compiled module the Go module proxy here serves at the
# exact patch; Debian 12's etcd 3.4 and containerd 1.6 run it (docs/kubernetes-test-cluster.md). Its
# apiserver answers exec with v5 (stdin EOF), which copying files in with tar needs.
K8S_VERSION=${K8S_VERSION:-v1.33.13}
K8S_CACHE_DIR=${LLMSB_K8S_CACHE_DIR:-/var/cache/llmsb-k8s}
K8S_STATE_DIR=${LLMSB_K8S_STATE_DIR:-/var/lib/llmsb-k8s}
K8S_RUN_DIR=/run/llmsb-k8s
K8S_NODE_NAME=llmsb-test-node
