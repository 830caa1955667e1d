#!/usr/bin/env bash
# Restores the host after a node whose process died without stopping it
# (SIGKILL, crash): waits for that process (first argument) to be gone, then
# runs the restore of its slot (second argument). Stopped with SIGTERM by a
# node that stopped cleanly. Ignores SIGINT/SIGHUP: a Ctrl-C reaches the whole
# terminal group, and the restore must still run if the parent then dies.
# Usage: guard.sh <parent-pid> <slot>
parent="$1"; slot="$2"
trap '' INT HUP
trap 'exit 0' TERM
while kill -0 "$parent" 2>/dev/null; do
  sleep 1 &
  wait $!
done
exec node --import tsx scripts/node/cli.ts restore "$slot" >>"/tmp/kelos-node-guard-$slot.log" 2>&1
