#!/usr/bin/env bash
# The whole test suite, as the README and .ci/run call it (`npm test`).
# 1. control-plane binaries (built once per machine, then cached)
# 2. agent CLIs for the real-agent tests (installed once per machine, then cached)
# 3. linters and shells some tests run (scripts/test-tools/install.sh)
# 4. type-check (tests included) and build (functions are run from dist/)
# 5. unit, integration and e2e suites in one mocha run sharing one control plane
set -euo pipefail
cd "$(dirname "$0")/.."

step() { echo "==> $*" >&2; }

step "control plane binaries"
bash scripts/control-plane/build.sh >/dev/null

if [[ -f scripts/agent-clis/install.sh ]]; then
  step "agent CLIs"
  bash scripts/agent-clis/install.sh >/dev/null
fi

# The real-node e2e (node-runtime, real-node, offline-example) needs containerd, runc, CNI and the
# images (Linux + root only; elsewhere those suites skip with the reason).
if [[ "$(uname -s)" == Linux && "$(id -u)" == 0 ]]; then
  step "local node packages"
  bash scripts/node/install.sh
  step "local node images (built once per machine, then cached)"
  bash scripts/images/build.sh >/dev/null
fi

# hadolint, shellcheck, fish and zsh: the linter and completion tests skip without them.
step "linters and shells"
tools_bin="$(bash scripts/test-tools/install.sh)"
export PATH="$tools_bin:$PATH"

step "type-check"
npm run -s typecheck

step "build"
npm run -s build

step "tests"
# The storm (test/storm: the short run on fixed seeds and one random seed it prints, and the bite tests)
# comes last: it restarts the shared kube-apiserver once per run.
globs=("test/unit/**/*.test.ts" "test/integration/**/*.test.ts" "test/e2e/**/*.test.ts" "test/storm/**/*.test.ts")
# --exit: a leaked handle in one suite must not hang CI after the summary line.
exec npx mocha --exit --reporter test/support/summary-reporter.cjs "${globs[@]}" "$@"
