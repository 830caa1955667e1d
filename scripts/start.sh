#!/usr/bin/env bash
# npm start: Kelos on this machine (see scripts/dev/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then
  echo "installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
# exec: the runner gets SIGINT/SIGTERM directly and stops what it started.
exec node --import tsx scripts/dev/local-stack.ts "$@"
