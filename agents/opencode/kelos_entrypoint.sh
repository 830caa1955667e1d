#!/bin/bash
# Kelos entrypoint for the opencode image (docs/agent-image-interface.md).
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
export KELOS_AGENT_TYPE="${KELOS_AGENT_TYPE:-opencode}"

if ! "$KELOS_AGENT_SETUP" opencode; then
  echo "kelos_entrypoint.sh: could not deliver the AgentConfig" >&2
  exit 1
fi

# OPENCODE_API_KEY goes to the env var of the provider named by the model's
# prefix (the text before the first "/"); no model means Anthropic.
if [ -n "${OPENCODE_API_KEY:-}" ]; then
  PROVIDER=""
  if [ -n "${KELOS_MODEL:-}" ]; then
    PROVIDER="${KELOS_MODEL%%/*}"
  fi
  case "$PROVIDER" in
    "" | anthropic) export ANTHROPIC_API_KEY="$OPENCODE_API_KEY" ;;
    openai) export OPENAI_API_KEY="$OPENCODE_API_KEY" ;;
    google)
      export GEMINI_API_KEY="$OPENCODE_API_KEY"
      export GOOGLE_GENERATIVE_AI_API_KEY="$OPENCODE_API_KEY"
      ;;
    groq) export GROQ_API_KEY="$OPENCODE_API_KEY" ;;
    xai) export XAI_API_KEY="$OPENCODE_API_KEY" ;;
    opencode | zen) ;;
    *)
      echo "kelos_entrypoint.sh: unknown provider \"$PROVIDER\" in KELOS_MODEL; passing OPENCODE_API_KEY as ANTHROPIC_API_KEY" >&2
      export ANTHROPIC_API_KEY="$OPENCODE_API_KEY"
      ;;
  esac
fi

ARGS=(run --format json "$PROMPT")
if [ -n "${KELOS_MODEL:-}" ]; then
  ARGS+=(--model "$KELOS_MODEL")
fi

opencode "${ARGS[@]}" </dev/null | tee "$KELOS_AGENT_OUTPUT"
AGENT_EXIT_CODE=${PIPESTATUS[0]}

"$KELOS_CAPTURE"

exit "$AGENT_EXIT_CODE"
