#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kubectl and etcd from their Go
# modules through the Go module proxy, once per machine, into a cache outside
# the work tree. Prints the bin directory on the last line of stdout.
#
# Env:
#   KUBEBUILDER_ASSETS   use existing envtest binaries from this dir instead of building
#   KELOS_CACHE_DIR      cache root (default: $XDG_CACHE_HOME/kelos or ~/.cache/kelos)
#   KELOS_K8S_VERSION    Kubernetes release to build (default v1.36.3; v1.35.4 is the fallback)
set -euo pipefail

log() { echo "[control-plane] $*" >&2; }

if [[ -n "${KUBEBUILDER_ASSETS:-}" ]]; then
  for b in kube-apiserver etcd; do
    [[ -x "$KUBEBUILDER_ASSETS/$b" ]] || { log "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS has no executable $b"; exit 1; }
  done
  log "using envtest binaries from KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
  echo "$KUBEBUILDER_ASSETS"
  exit 0
fi

K8S_VERSION="${KELOS_K8S_VERSION:-v1.36.3}"
CACHE_ROOT="${KELOS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kelos}"
OUT="$CACHE_ROOT/control-plane/$K8S_VERSION"
BIN="$OUT/bin"
# kubelet and kube-scheduler are the local node's (scripts/node/); they share most packages with
# kube-apiserver, so one build cache serves both.
BINARIES=(kube-apiserver kube-controller-manager kubectl kubelet kube-scheduler etcd)

have_all() { for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || return 1; done; }
if have_all; then
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { log "Go >= 1.26 is required for the first build of the control plane (not found on PATH)"; exit 1; }

minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
patch="${K8S_VERSION##*.}"
STAGING="v0.${minor}.${patch}"
case "$minor" in
  36) ETCD_VERSION=v3.6.8; GO_LINE="1.26.0" ;;
  35) ETCD_VERSION=v3.6.6; GO_LINE="1.25.0" ;;
  34) ETCD_VERSION=v3.6.4; GO_LINE="1.24.0" ;;
  *) log "unsupported Kubernetes minor $minor (use 1.34-1.36)"; exit 1 ;;
esac

STAGING_MODULES=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider
  cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api cri-client
  csi-translation-lib dynamic-resource-allocation endpointslice externaljwt kms kube-aggregator
  kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics mount-utils
  pod-security-admission sample-apiserver sample-cli-plugin sample-controller)
if (( minor >= 36 )); then STAGING_MODULES+=(cri-streaming streaming); fi

MOD="$OUT/module"
mkdir -p "$MOD" "$BIN.partial"
log "first build of Kubernetes $K8S_VERSION and etcd $ETCD_VERSION into $OUT"
log "this takes several minutes on 2 cores; later runs reuse the cache"

{
  echo "module kelos.local/control-plane-bins"
  echo
  echo "go $GO_LINE"
  echo "godebug default=go${GO_LINE%.0}"
  echo
  echo "replace ("
  for m in "${STAGING_MODULES[@]}"; do echo "	k8s.io/$m => k8s.io/$m $STAGING"; done
  echo ")"
} > "$MOD/go.mod"

export GOTOOLCHAIN=local GOFLAGS=-trimpath CGO_ENABLED=0
cd "$MOD"
start=$(date +%s)
log "[1/3] resolving modules (go get) ..."
# Every path carries its version: a bare path would mean @upgrade and pull a newer release.
go get "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" "k8s.io/kubernetes/cmd/kube-controller-manager@$K8S_VERSION" \
  "k8s.io/kubernetes/cmd/kubectl@$K8S_VERSION" "k8s.io/kubernetes/cmd/kubelet@$K8S_VERSION" \
  "k8s.io/kubernetes/cmd/kube-scheduler@$K8S_VERSION" "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2
log "      modules resolved in $(( $(date +%s) - start ))s"

LDF="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LDF="$LDF -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
done

i=2
for cmd in kube-apiserver kube-controller-manager kubectl kubelet kube-scheduler; do
  t=$(date +%s)
  log "[$i/3] building $cmd ..."
  go build -ldflags "$LDF" -o "$BIN.partial/$cmd" "k8s.io/kubernetes/cmd/$cmd" >&2
  log "      $cmd built in $(( $(date +%s) - t ))s"
done
i=3
t=$(date +%s)
log "[$i/3] building etcd ..."
go build -ldflags "-s -w" -o "$BIN.partial/etcd" go.etcd.io/etcd/server/v3 >&2
log "      etcd built in $(( $(date +%s) - t ))s"

rm -rf "$BIN"
mv "$BIN.partial" "$BIN"
log "control plane built in $(( $(date +%s) - start ))s: $BIN"
echo "$BIN"
