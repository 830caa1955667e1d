#!/usr/bin/env bash
# Builds the Pod sandbox image localhost/pause:local as a docker-archive tar from
# pause.c (gcc -static), once per machine (rebuilt when pause.c changes).
# Prints the tar's path on the last line of stdout.
# Env: KELOS_CACHE_DIR (default $XDG_CACHE_HOME/kelos or ~/.cache/kelos)
set -euo pipefail
log() { echo "[node] $*" >&2; }
HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE_ROOT="${KELOS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kelos}"
SRC_SUM="$(cat "$HERE/pause.c" "$HERE/build.sh" | sha256sum | cut -c1-16)"
OUT="$CACHE_ROOT/node/pause-$SRC_SUM.tar"
if [[ -s "$OUT" ]]; then echo "$OUT"; exit 0; fi
command -v gcc >/dev/null || { log "gcc is needed to build the pause image (apt-get install gcc libc6-dev)"; exit 1; }
log "building the pause image (localhost/pause:local)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs" "$work/image"
gcc -static -Os -o "$work/rootfs/pause" "$HERE/pause.c"
strip "$work/rootfs/pause" 2>/dev/null || true
# Fixed owner and times: the same source gives the same layer digest.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' -C "$work/rootfs" -cf "$work/image/layer.tar" pause
diff_id="sha256:$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)"
printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/pause"],"User":"65535:65535"},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
  "$diff_id" >"$work/image/config.json"
config_sum="$(sha256sum "$work/image/config.json" | cut -d' ' -f1)"
mv "$work/image/config.json" "$work/image/$config_sum.json"
printf '[{"Config":"%s.json","RepoTags":["localhost/pause:local"],"Layers":["layer.tar"]}]' "$config_sum" \
  >"$work/image/manifest.json"
mkdir -p "$(dirname "$OUT")"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' -C "$work/image" -cf "$OUT.partial" .
mv "$OUT.partial" "$OUT"
echo "$OUT"
