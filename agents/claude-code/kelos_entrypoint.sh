#!/bin/bash
# Kelos entrypoint for the claude-code image (docs/agent-image-interface.md).
# Kelos runs it as the container command with the prompt as $1. It delivers the
# AgentConfig, runs the agent CLI with its JSON output tee'd to a file, prints the
# outputs block through kelos-capture, and exits with the agent's exit code. No
# set -e and no exec: capture must run even when the agent fails.
set -uo pipefail

if [ "$#" -lt 1 ] || [ -z "$1" ]; then
  echo "kelos_entrypoint.sh: missing prompt: pass the task prompt as the first argument" >&2
  exit 1
fi
PROMPT="$1"

# Fixed paths in the image; overridable so the script can run on a host in tests.
KELOS_CAPTURE="${KELOS_CAPTURE:-/kelos/kelos-capture}"
KELOS_AGENT_SETUP="${KELOS_AGENT_SETUP:-/kelos/kelos-agent-setup}"
export KELOS_AGENT_OUTPUT="${KELOS_AGENT_OUTPUT:-/tmp/agent-output.jsonl}"
export KELOS_AGENT_TYPE="${KELOS_AGENT_TYPE:-claude-code}"

if ! "$KELOS_AGENT_SETUP" claude-code; then
  echo "kelos_entrypoint.sh: could not deliver the AgentConfig" >&2
  exit 1
fi

ARGS=(--dangerously-skip-permissions --output-format stream-json --verbose -p "$PROMPT")
if [ -n "${KELOS_MODEL:-}" ]; then
  ARGS+=(--model "$KELOS_MODEL")
fi
# One --plugin-dir per plugin the plugin-setup init container wrote.
if [ -n "${KELOS_PLUGIN_DIR:-}" ] && [ -d "$KELOS_PLUGIN_DIR" ]; then
  for dir in "$KELOS_PLUGIN_DIR"/*/; do
    if [ -d "$dir" ]; then
      ARGS+=(--plugin-dir "${dir%/}")
    fi
  done
fi

claude "${ARGS[@]}" </dev/null | tee "$KELOS_AGENT_OUTPUT"
AGENT_EXIT_CODE=${PIPESTATUS[0]}

"$KELOS_CAPTURE"

exit "$AGENT_EXIT_CODE"
