#!/usr/bin/env bash
# Installs the pinned agent CLIs (the versions the agent images ship) once per
# machine into a cache outside the work tree, one npm prefix per package@version.
# Idempotent: a package whose prefix already holds its bin is skipped.
# Prints progress on stderr and, last on stdout, the directory holding the bins
# (one symlink per CLI: claude, codex, gemini, opencode).
set -euo pipefail

CACHE_ROOT="${KELOS_CACHE_DIR:-${HOME}/.cache/kelos}/agent-clis"
# Keep in step with agents/*/Dockerfile (a unit test checks they agree).
PACKAGES=(
  "@anthropic-ai/claude-code@2.1.197:claude"
  "@openai/codex@0.169.0:codex"
  "@google/gemini-cli@0.61.0:gemini"
  "opencode-ai@1.18.33:opencode"
)

BIN_DIR="${CACHE_ROOT}/bin"
mkdir -p "${BIN_DIR}"

for entry in "${PACKAGES[@]}"; do
  spec="${entry%:*}"
  bin="${entry##*:}"
  prefix="${CACHE_ROOT}/${spec//\//+}"
  if [ -x "${prefix}/node_modules/.bin/${bin}" ] && [ -f "${prefix}/.complete" ]; then
    echo "agent-clis: ${spec} already installed" >&2
  else
    echo "agent-clis: installing ${spec} into ${prefix}" >&2
    started=$(date +%s)
    # A lock per package so parallel test processes do not install twice.
    mkdir -p "${prefix}"
    (
      flock 9
      if [ ! -f "${prefix}/.complete" ]; then
        npm install --prefix "${prefix}" --no-audit --no-fund --no-save --loglevel=error \
          --include=optional "${spec}" >&2
        touch "${prefix}/.complete"
      fi
    ) 9>"${prefix}.lock"
    echo "agent-clis: ${spec} installed in $(( $(date +%s) - started ))s" >&2
  fi
  ln -sfn "${prefix}/node_modules/.bin/${bin}" "${BIN_DIR}/${bin}"
done

echo "${BIN_DIR}"
