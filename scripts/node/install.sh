#!/usr/bin/env bash
# Installs what the local node needs from Debian packages when it is missing:
# containerd, runc, the CNI plugins (/usr/lib/cni) and iptables. Root only.
# Exits 0 at once when everything is there; exit 3 (with the reason on stderr)
# when it cannot install (not root, no apt-get).
set -euo pipefail
log() { echo "[node] $*" >&2; }

missing=()
command -v containerd >/dev/null || missing+=(containerd)
command -v runc >/dev/null || missing+=(runc)
[[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local && -x /usr/lib/cni/loopback ]] || missing+=(containernetworking-plugins)
command -v iptables >/dev/null || missing+=(iptables)
command -v ip >/dev/null || missing+=(iproute2)
(( ${#missing[@]} == 0 )) && exit 0

if [[ "$(id -u)" != 0 ]]; then
  log "missing Debian packages: ${missing[*]}; installing them needs root (run: sudo apt-get install ${missing[*]})"
  exit 3
fi
command -v apt-get >/dev/null || { log "missing: ${missing[*]}, and no apt-get to install them with"; exit 3; }
log "installing Debian packages: ${missing[*]} (apt-get update first)"
t0=$SECONDS
export DEBIAN_FRONTEND=noninteractive
# Another apt run on the machine holds the lock for a while: wait for it rather than fail.
apt-get update -o DPkg::Lock::Timeout=600 >&2
# policy-rc.d: the package must not start a system containerd; the node runs its own.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e "$policy" ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created_policy=1; fi
trap '(( created_policy )) && rm -f "$policy"' EXIT
apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >&2
log "installed in $((SECONDS - t0)) s"
