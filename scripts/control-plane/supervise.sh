#!/usr/bin/env bash
# Runs a command and stops it when the parent process (first argument) is gone,
# so a test run that is killed with SIGKILL still leaves no orphan etcd or
# kube-apiserver behind. Stopping always ends in SIGKILL after a short grace
# period, so the supervisor never waits forever on a child that hangs.
# Usage: supervise.sh <parent-pid> <command> [args...]
parent="$1"; shift
"$@" &
child=$!

stop_child() {
  kill -TERM "$child" 2>/dev/null
  for _ in $(seq 50); do
    kill -0 "$child" 2>/dev/null || exit 0
    sleep 0.1
  done
  kill -KILL "$child" 2>/dev/null
  exit 0
}
trap stop_child TERM INT HUP

while kill -0 "$child" 2>/dev/null; do
  kill -0 "$parent" 2>/dev/null || stop_child
  # Waiting on a background sleep lets a signal run the trap at once.
  sleep 1 &
  wait $!
done
wait "$child"
