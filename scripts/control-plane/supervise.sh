#!/usr/bin/env bash
# Runs a command and stops it when the parent process (first argument) is gone,
# so a test run that is killed with SIGKILL still leaves no orphan etcd or
# kube-apiserver behind. Usage: supervise.sh <parent-pid> <command> [args...]
parent="$1"; shift
"$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT
while kill -0 "$child" 2>/dev/null; do
  if ! kill -0 "$parent" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null
    sleep 2
    kill -KILL "$child" 2>/dev/null
    exit 0
  fi
  sleep 1
done
wait "$child"
