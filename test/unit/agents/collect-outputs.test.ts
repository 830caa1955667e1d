import { expect } from 'chai';
import { collectOutputs, type CommandResult } from '../../../agents/capture/src/collect-outputs.js';
import { formatBlock } from '../../../agents/capture/src/format-block.js';
import { OUTPUTS_END, OUTPUTS_START } from '../../../functions/core/api/constants.js';

const SHA = '3b38bd7bddb811a21fd05ba8675857e43d242130';
const ok = (stdout: string): CommandResult => ({ ok: true, stdout });
const fail: CommandResult = { ok: false, stdout: '' };

/** A git/gh stand-in answering from a table keyed by the command line; records every call. */
function fakeDeps(table: Record<string, CommandResult>, env: Record<string, string> = {}, output?: string) {
  const calls: string[] = [];
  return {
    calls,
    deps: {
      env,
      run: (cmd: string, args: string[]) => {
        const line = [cmd, ...args].join(' ');
        calls.push(line);
        return Promise.resolve(table[line] ?? fail);
      },
      readAgentOutput: () => Promise.resolve(output),
    },
  };
}

const repo = (branch: string, extra: Record<string, CommandResult> = {}): Record<string, CommandResult> => ({
  'git rev-parse --is-inside-work-tree': ok('true\n'),
  'git branch --show-current': ok(`${branch}\n`),
  'git rev-parse HEAD': ok(`${SHA}\n`),
  'git symbolic-ref refs/remotes/origin/HEAD': ok('refs/remotes/origin/main\n'),
  [`gh pr list --head ${branch} --json url`]: ok('[{"url":"https://github.com/o/r/pull/1"}]\n'),
  ...extra,
});

describe('agents/capture collectOutputs', () => {
  it('full flow: branch, PR, commit and base branch from origin/HEAD', async () => {
    const { deps } = fakeDeps(repo('feature'));
    expect(await collectOutputs(deps)).to.deep.equal([
      'branch: feature',
      'pr: https://github.com/o/r/pull/1',
      `commit: ${SHA}`,
      'base-branch: main',
    ]);
  });

  it('base branch from KELOS_BASE_BRANCH wins over origin/HEAD', async () => {
    const { deps, calls } = fakeDeps(repo('feature'), { KELOS_BASE_BRANCH: 'develop' });
    expect(await collectOutputs(deps))
      .to.include('base-branch: develop')
      .and.not.include('base-branch: main');
    expect(calls).to.not.include('git symbolic-ref refs/remotes/origin/HEAD');
  });

  it('not a git repository and no env: no outputs at all', async () => {
    const { deps, calls } = fakeDeps({});
    expect(await collectOutputs(deps)).to.deep.equal([]);
    expect(calls).to.deep.equal(['git rev-parse --is-inside-work-tree']);
  });

  it('not a git repository but KELOS_BASE_BRANCH set: only the base branch', async () => {
    const { deps } = fakeDeps({}, { KELOS_BASE_BRANCH: 'main' });
    expect(await collectOutputs(deps)).to.deep.equal(['base-branch: main']);
  });

  it('multiple PRs: one line each, in order', async () => {
    const prs = '[{"url":"https://github.com/o/r/pull/1"},{"url":"https://github.com/o/r/pull/2"}]';
    const { deps } = fakeDeps(repo('feature', { 'gh pr list --head feature --json url': ok(prs) }));
    const out = await collectOutputs(deps);
    expect(out.filter((l) => l.startsWith('pr: '))).to.deep.equal([
      'pr: https://github.com/o/r/pull/1',
      'pr: https://github.com/o/r/pull/2',
    ]);
  });

  it('detached HEAD: no branch and no PR lookup, commit kept', async () => {
    const { deps, calls } = fakeDeps(repo(''));
    expect(await collectOutputs(deps)).to.deep.equal([`commit: ${SHA}`, 'base-branch: main']);
    expect(calls.some((c) => c.startsWith('gh '))).to.equal(false);
  });

  it('gh failing gives no PR lines', async () => {
    const { deps } = fakeDeps(repo('feature', { 'gh pr list --head feature --json url': fail }));
    expect(await collectOutputs(deps)).to.deep.equal([
      'branch: feature',
      `commit: ${SHA}`,
      'base-branch: main',
    ]);
  });

  it('gh printing invalid JSON gives no PR lines', async () => {
    const { deps } = fakeDeps(repo('feature', { 'gh pr list --head feature --json url': ok('not json') }));
    expect((await collectOutputs(deps)).some((l) => l.startsWith('pr: '))).to.equal(false);
  });

  it('KELOS_UPSTREAM_REPO: a second gh pr list against the upstream repo', async () => {
    const upstream = ok('[{"url":"https://github.com/up/r/pull/9"}]');
    const { deps, calls } = fakeDeps(
      repo('feature', { 'gh pr list --head feature --json url --repo up/r': upstream }),
      { KELOS_UPSTREAM_REPO: 'up/r' },
    );
    expect(await collectOutputs(deps)).to.deep.equal([
      'branch: feature',
      'pr: https://github.com/o/r/pull/1',
      'pr: https://github.com/up/r/pull/9',
      `commit: ${SHA}`,
      'base-branch: main',
    ]);
    expect(calls).to.include('gh pr list --head feature --json url --repo up/r');
  });

  it('KELOS_UPSTREAM_REPO with no PRs there adds nothing', async () => {
    const { deps } = fakeDeps(
      repo('feature', { 'gh pr list --head feature --json url --repo up/r': ok('[]') }),
      { KELOS_UPSTREAM_REPO: 'up/r' },
    );
    expect((await collectOutputs(deps)).filter((l) => l.startsWith('pr: '))).to.deep.equal([
      'pr: https://github.com/o/r/pull/1',
    ]);
  });

  it('usage lines come last, by KELOS_AGENT_TYPE', async () => {
    const output = JSON.stringify({ type: 'turn.completed', usage: { input_tokens: 5, output_tokens: 6 } });
    const { deps } = fakeDeps(repo('feature'), { KELOS_AGENT_TYPE: 'codex' }, output);
    expect((await collectOutputs(deps)).slice(-2)).to.deep.equal(['input-tokens: 5', 'output-tokens: 6']);
  });

  it('a missing agent output file gives no usage', async () => {
    const { deps } = fakeDeps({}, { KELOS_AGENT_TYPE: 'claude-code' }, undefined);
    expect(await collectOutputs(deps)).to.deep.equal([]);
  });
});

describe('agents/capture formatBlock', () => {
  it('wraps the lines in the output markers', () => {
    expect(formatBlock(['branch: x', 'commit: y'])).to.equal(
      `${OUTPUTS_START}\nbranch: x\ncommit: y\n${OUTPUTS_END}\n`,
    );
  });

  it('prints nothing, not even markers, when there is nothing', () => {
    expect(formatBlock([])).to.equal('');
  });
});
