#!/usr/bin/env bash
# npm start: Kelos on this machine (see scripts/dev/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then
  echo "installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
# exec: the runner gets SIGINT/SIGTERM directly and stops what it started.
# A 2 MiB young generation (V8's default grows to 16): the event plane's peak RSS ~20 MiB lower in a
# 1,000-Task burst for a few more scavenges (README, burst). bench/burst/stack-process.ts runs the same flags.
exec node --max-semi-space-size=2 --import tsx scripts/dev/local-stack.ts "$@"
