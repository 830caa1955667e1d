#!/bin/bash
# Kelos entrypoint for the opencode image (docs/agent-image-interface.md).
# Kelos runs it as the container command with the prompt as $1 (or, when too
# long for one argument, in the file named by KELOS_PROMPT_FILE). It delivers
# the AgentConfig, runs the agent CLI with its JSON output tee'd to a file,
# prints the outputs block through kelos-capture, and exits with the agent's
# exit code. No set -e and no exec: capture must run even when the agent fails
# or is stopped.
set -uo pipefail

# --- kelos common part: the same text in all four entrypoints (a unit test checks) ---
# The prompt comes in the file named by KELOS_PROMPT_FILE when Kelos set it (a
# prompt too long for one argument), else as $1. PROMPT_FILE is then passed to
# the CLI on stdin, $1 as an argument (both: docs/agent-image-interface.md).
PROMPT_FILE="${KELOS_PROMPT_FILE:-}"
if [ -n "$PROMPT_FILE" ]; then
  if [ ! -r "$PROMPT_FILE" ] || [ ! -s "$PROMPT_FILE" ]; then
    echo "kelos_entrypoint.sh: missing prompt: KELOS_PROMPT_FILE=$PROMPT_FILE is not a readable, non-empty file" >&2
    exit 1
  fi
elif [ "$#" -lt 1 ] || [ -z "$1" ]; then
  echo "kelos_entrypoint.sh: missing prompt: pass the task prompt as the first argument or in the file named by KELOS_PROMPT_FILE" >&2
  exit 1
fi

PROMPT_ARG=""
AGENT_STDIN=/dev/null
if [ -n "$PROMPT_FILE" ]; then AGENT_STDIN="$PROMPT_FILE"; else PROMPT_ARG="$1"; fi

# This shell is PID 1 in the Pod: the kernel delivers it no signal it has no
# handler for, and bash runs a trap only once the foreground command is done.
# So the agent runs in the background, and SIGTERM (deadline, deleted Task) or
# SIGINT is passed on to it; the capture still runs, and the script exits with
# 128+signal (143 for SIGTERM). Background commands of a non-interactive shell
# start with SIGINT ignored, so both are passed on as SIGTERM. An agent still
# running KELOS_AGENT_STOP_SECONDS (default 20, inside the Pod's 30 s grace
# period) after the signal is killed, so the capture gets its turn.
KELOS_SIGNAL=""
AGENT_PID=""
on_signal() {
  KELOS_SIGNAL="$1"
  if [ -n "$AGENT_PID" ]; then
    kill -TERM "$AGENT_PID" 2>/dev/null
    (
      sleep "${KELOS_AGENT_STOP_SECONDS:-20}"
      kill -KILL "$AGENT_PID" 2>/dev/null
    ) &
  fi
}
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT

# run_agent STDIN CMD ARGS...: runs the agent with stdin from STDIN and stdout
# tee'd to $KELOS_AGENT_OUTPUT (through a FIFO, so $! is the agent itself, not
# tee), waits for both, and sets AGENT_EXIT_CODE.
AGENT_EXIT_CODE=1
run_agent() {
  local input="$1" fifo tee_pid
  shift
  fifo="$(mktemp -u "${TMPDIR:-/tmp}/kelos-agent-out.XXXXXX")"
  if ! mkfifo -m 600 "$fifo"; then
    echo "kelos_entrypoint.sh: cannot create the output FIFO $fifo" >&2
    return
  fi
  tee "$KELOS_AGENT_OUTPUT" <"$fifo" &
  tee_pid=$!
  "$@" <"$input" >"$fifo" &
  AGENT_PID=$!
  # A signal that came before the agent started is passed on now.
  if [ -n "$KELOS_SIGNAL" ]; then on_signal "$KELOS_SIGNAL"; fi
  while :; do
    wait "$AGENT_PID"
    AGENT_EXIT_CODE=$?
    # A trapped signal ends `wait` early (status > 128) while the agent may still run.
    if [ "$AGENT_EXIT_CODE" -gt 128 ] && [ -n "$KELOS_SIGNAL" ] && kill -0 "$AGENT_PID" 2>/dev/null; then
      continue
    fi
    break
  done
  # Stopped by a signal, helpers the agent left behind may keep the FIFO open: do not wait on tee for them.
  if [ -n "$KELOS_SIGNAL" ]; then
    (
      sleep 2
      kill -TERM "$tee_pid" 2>/dev/null
    ) &
  fi
  while kill -0 "$tee_pid" 2>/dev/null; do wait "$tee_pid"; done
  rm -f "$fifo"
}

# finish: runs the capture and exits with the agent's code, or 128+signal when stopped.
finish() {
  "$KELOS_CAPTURE"
  if [ -n "$KELOS_SIGNAL" ]; then
    exit $((128 + $(kill -l "$KELOS_SIGNAL")))
  fi
  exit "$AGENT_EXIT_CODE"
}
# --- end of the kelos common part ---

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

ARGS=(run --format json)
if [ -n "$PROMPT_ARG" ]; then ARGS+=("$PROMPT_ARG"); fi
if [ -n "${KELOS_MODEL:-}" ]; then
  ARGS+=(--model "$KELOS_MODEL")
fi

run_agent "$AGENT_STDIN" opencode "${ARGS[@]}"
finish
