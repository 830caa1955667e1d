#!/usr/bin/env bash
# Builds the local node's images (pause, git, the four agents) without a
# registry, cached per machine; see scripts/images/README.md. Last line of
# stdout: the cache folder holding images.json and the image tars.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE_ROOT="${KELOS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kelos}"
export KELOS_IMAGES_OUT="$CACHE_ROOT/images"
mkdir -p "$KELOS_IMAGES_OUT"
exec 9>"$KELOS_IMAGES_OUT/.lock"
if ! flock -n 9; then
  echo "[images] another build holds $KELOS_IMAGES_OUT/.lock; waiting" >&2
  flock 9
fi
exec node --import tsx scripts/images/cli.ts "$@"
