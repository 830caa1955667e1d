#!/bin/bash
# Kelos entrypoint for the codex image (docs/agent-image-interface.md).
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
export KELOS_AGENT_TYPE="${KELOS_AGENT_TYPE:-codex}"

if ! "$KELOS_AGENT_SETUP" codex; then
  echo "kelos_entrypoint.sh: could not deliver the AgentConfig" >&2
  exit 1
fi

# Skills and custom agents from plugins were installed under ~/.codex by the
# setup step; the pinned codex enables skills by default (it rejects
# `--enable skills` as an unknown feature), so no flag is needed.
ARGS=(exec --dangerously-bypass-approvals-and-sandbox --skip-git-repo-check --json "$PROMPT")
if [ -n "${KELOS_MODEL:-}" ]; then
  ARGS+=(--model "$KELOS_MODEL")
fi

codex "${ARGS[@]}" </dev/null | tee "$KELOS_AGENT_OUTPUT"
AGENT_EXIT_CODE=${PIPESTATUS[0]}

"$KELOS_CAPTURE"

exit "$AGENT_EXIT_CODE"
