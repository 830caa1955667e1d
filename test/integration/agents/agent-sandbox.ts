/**
 * A throwaway world for one real agent run: a temporary HOME, a bare "origin"
 * remote with a main branch, a clone of it as the working repo (so
 * refs/remotes/origin/HEAD exists), a stand-in `gh`, a termination-log file and a
 * small plugin tree, all under one temporary directory removed by `cleanup()`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Sandbox {
  root: string;
  home: string;
  repo: string;
  remote: string;
  binDir: string;
  pluginDir: string;
  terminationLog: string;
  agentOutput: string;
  /** Every argument list the stand-in gh was called with, one JSON array a line. */
  ghLog: string;
  mcpLog: string;
  git(args: string[]): string;
  cleanup(): void;
}

export const PR_URL = 'https://github.com/acme/widgets/pull/7';
export const UPSTREAM_PR_URL = 'https://github.com/upstream-org/widgets/pull/42';

// Answers `gh pr list --head <b> --json url [--repo R]` like gh: a JSON array of PRs
// for the pushed branch, a different PR in the upstream repo.
const GH_STANDIN = `#!/bin/bash
node -e 'process.stdout.write(JSON.stringify(process.argv.slice(1)) + "\\n")' -- "$@" >> "$GH_STANDIN_LOG"
if [ "$1 $2" != "pr list" ]; then echo "gh stand-in: unsupported: $*" >&2; exit 1; fi
head=""; repo=""
while [ $# -gt 0 ]; do
  case "$1" in --head) head="$2"; shift ;; --repo) repo="$2"; shift ;; esac
  shift
done
if [ -z "$head" ] || ! git ls-remote --exit-code --heads origin "$head" >/dev/null 2>&1; then echo "[]"; exit 0; fi
if [ -n "$repo" ]; then echo '[{"url":"${UPSTREAM_PR_URL}"}]'; else echo '[{"url":"${PR_URL}"}]'; fi
`;

const SKILL = `---
name: probe-skill
description: Kelos probe skill SKILLMARK-7f3a for checking plugin delivery.
---
When asked to probe, answer "probed".
`;
const AGENT = `---
name: probe-agent
description: Kelos probe agent AGENTMARK-91c2 for checking plugin delivery.
---
You are the probe agent. Answer "probed".
`;

export function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'kelos-agent-'));
  const home = join(root, 'home');
  const remote = join(root, 'origin.git');
  const repo = join(root, 'repo');
  const binDir = join(root, 'bin');
  const pluginDir = join(root, 'plugin');
  for (const d of [home, binDir]) mkdirSync(d, { recursive: true });
  writeFileSync(
    join(home, '.gitconfig'),
    '[user]\n\tname = Kelos Agent\n\temail = agent@kelos.dev\n[init]\n\tdefaultBranch = main\n',
  );
  const git = (args: string[], cwd = root): string =>
    execFileSync('git', args, {
      cwd,
      env: { ...process.env, HOME: home },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git(['init', '-q', '--bare', '-b', 'main', remote]);
  git(['clone', '-q', remote, repo]);
  // In the repo too: gemini's shell tool does not see the HOME gitconfig.
  git(['config', 'user.name', 'Kelos Agent'], repo);
  git(['config', 'user.email', 'agent@kelos.dev'], repo);
  writeFileSync(join(repo, 'README.md'), '# widgets\n');
  git(['add', 'README.md'], repo);
  git(['commit', '-q', '-m', 'Initial commit'], repo);
  git(['push', '-q', 'origin', 'main'], repo);
  git(['remote', 'set-head', 'origin', 'main'], repo);

  writeFileSync(join(binDir, 'gh'), GH_STANDIN);
  chmodSync(join(binDir, 'gh'), 0o755);
  mkdirSync(join(pluginDir, 'kelos', 'skills', 'probe-skill'), { recursive: true });
  mkdirSync(join(pluginDir, 'kelos', 'agents'), { recursive: true });
  writeFileSync(join(pluginDir, 'kelos', 'skills', 'probe-skill', 'SKILL.md'), SKILL);
  writeFileSync(join(pluginDir, 'kelos', 'agents', 'probe-agent.md'), AGENT);
  const terminationLog = join(root, 'termination-log');
  writeFileSync(terminationLog, '');

  return {
    root,
    home,
    repo,
    remote,
    binDir,
    pluginDir,
    terminationLog,
    agentOutput: join(root, 'agent-output.jsonl'),
    ghLog: join(root, 'gh-calls.jsonl'),
    mcpLog: join(root, 'mcp-probe.log'),
    git: (args) => git(args, repo),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
