#!/usr/bin/env bash
# npm start: Kelos on this machine (see scripts/dev/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then
  echo "installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
# exec: the runner gets SIGINT/SIGTERM directly and stops what it started.
# A 2 MiB young generation (V8's default grows to 16) and an old generation let grow to 1.5x what
# survived the last full collection (up to 4x by default): the event plane's peak RSS 145 → 125 MiB at
# 1,000 Tasks and 190 → 130 MiB at 10,000, CPU within the noise (README, burst).
# bench/burst/stack-process.ts runs the same flags.
exec node --max-semi-space-size=2 --heap-growing-percent=50 --import tsx scripts/dev/local-stack.ts "$@"
