/**
 * The bundled kelos-capture (what the images ship) against real git repositories
 * with a local bare remote and the stand-in gh: the outputs block on stdout, the
 * termination-log copy, and exit 0 whatever happens.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../../agents/capture/src/run-command.js';
import { OUTPUTS_END, OUTPUTS_START } from '../../../functions/core/api/constants.js';
import { createSandbox, PR_URL, UPSTREAM_PR_URL, type Sandbox } from './agent-sandbox.js';
import { CAPTURE_BUNDLE } from './run-entrypoint.js';

function capture(
  sb: Sandbox,
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string }> {
  const base = {
    PATH: `${sb.binDir}:${process.env['PATH'] ?? ''}`,
    HOME: sb.home,
    GH_STANDIN_LOG: sb.ghLog,
    KELOS_AGENT_OUTPUT: sb.agentOutput,
    KELOS_TERMINATION_LOG: sb.terminationLog,
  };
  return new Promise((resolve) => {
    execFile('node', [CAPTURE_BUNDLE], { cwd, env: { ...base, ...env } }, (err, stdout) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout });
    });
  });
}

describe('agents kelos-capture (bundle, real git)', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  beforeEach(() => {
    sb = createSandbox();
  });
  afterEach(() => sb.cleanup());

  const pushBranch = (name: string): string => {
    sb.git(['checkout', '-q', '-b', name]);
    writeFileSync(join(sb.repo, 'f.txt'), 'x\n');
    sb.git(['add', 'f.txt']);
    sb.git(['commit', '-q', '-m', 'change']);
    sb.git(['push', '-q', 'origin', name]);
    return sb.git(['rev-parse', 'HEAD']).trim();
  };

  it('prints branch, PR, commit, base branch and usage between the markers, and copies them to the termination log', async () => {
    const sha = pushBranch('kelos/fix-1');
    writeFileSync(
      sb.agentOutput,
      readFileSync(new URL('../../fixtures/agent-output/claude-code.jsonl', import.meta.url)),
    );
    const r = await capture(sb, sb.repo, { KELOS_AGENT_TYPE: 'claude-code' });
    const block = [
      OUTPUTS_START,
      'branch: kelos/fix-1',
      `pr: ${PR_URL}`,
      `commit: ${sha}`,
      'base-branch: main',
      'cost-usd: 0.0027',
      'input-tokens: 240',
      'output-tokens: 60',
      OUTPUTS_END,
      '',
    ].join('\n');
    expect(r).to.deep.equal({ code: 0, stdout: block });
    expect(readFileSync(sb.terminationLog, 'utf8')).to.equal(block);
    expect(
      readFileSync(sb.ghLog, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as string[]),
    ).to.deep.equal([['pr', 'list', '--head', 'kelos/fix-1', '--json', 'url']]);
  });

  it('asks the upstream repo too when KELOS_UPSTREAM_REPO is set', async () => {
    pushBranch('kelos/fix-2');
    const r = await capture(sb, sb.repo, { KELOS_UPSTREAM_REPO: 'upstream-org/widgets' });
    expect(r.stdout).to.include(`pr: ${PR_URL}\npr: ${UPSTREAM_PR_URL}\n`);
  });

  it('a branch that was never pushed has no PR', async () => {
    sb.git(['checkout', '-q', '-b', 'local-only']);
    const r = await capture(sb, sb.repo);
    expect(r.stdout).to.include('branch: local-only\ncommit: ');
    expect(r.stdout).to.not.include('pr: ');
  });

  it('detached HEAD: commit and base branch only', async () => {
    sb.git(['checkout', '-q', '--detach']);
    const r = await capture(sb, sb.repo, { KELOS_BASE_BRANCH: 'release' });
    const sha = sb.git(['rev-parse', 'HEAD']).trim();
    expect(r.stdout).to.equal(`${OUTPUTS_START}\ncommit: ${sha}\nbase-branch: release\n${OUTPUTS_END}\n`);
  });

  it('outside a git repository with nothing to say: no output, no termination log write, exit 0', async () => {
    writeFileSync(sb.terminationLog, 'untouched');
    const r = await capture(sb, sb.root);
    expect(r).to.deep.equal({ code: 0, stdout: '' });
    expect(readFileSync(sb.terminationLog, 'utf8')).to.equal('untouched');
  });

  it('never creates a termination log that does not exist', async () => {
    const missing = join(sb.root, 'no-such-termination-log');
    const r = await capture(sb, sb.repo, { KELOS_TERMINATION_LOG: missing });
    expect(r.stdout).to.include('commit: ');
    expect(existsSync(missing)).to.equal(false);
  });

  it('exits 0 when gh is missing and the agent output is garbage', async () => {
    writeFileSync(sb.agentOutput, '\u0000garbage\n{"type":');
    const r = await capture(sb, sb.repo, { PATH: '/usr/bin:/bin', KELOS_AGENT_TYPE: 'codex' });
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(
      /^---KELOS_OUTPUTS_START---\nbranch: main\ncommit: [0-9a-f]{40}\nbase-branch: main\n/,
    );
  });

  it('a command that hangs is killed at the timeout and counts as failed', async () => {
    const started = Date.now();
    expect(await runCommand('sleep', ['10'], 300)).to.deep.equal({ ok: false, stdout: '' });
    expect(Date.now() - started).to.be.below(5_000);
  });
  it('a block over 4096 bytes: the log gets it all, the termination log a cut block with the known keys first', async () => {
    const sha = pushBranch('kelos/big-1');
    writeFileSync(
      sb.agentOutput,
      readFileSync(new URL('../../fixtures/agent-output/claude-code.jsonl', import.meta.url)),
    );
    // 200 custom results of ~40 bytes each (about 8 KiB) from the results file, before the usage would fit.
    const extra = Array.from(
      { length: 200 },
      (_, i) => `custom-${String(i).padStart(3, '0')}: ${'v'.repeat(24)}`,
    );
    const resultsFile = join(sb.root, 'results');
    writeFileSync(resultsFile, `not a result line\n${extra.join('\n')}\n`);
    const r = await capture(sb, sb.repo, {
      KELOS_AGENT_TYPE: 'claude-code',
      KELOS_RESULTS_FILE: resultsFile,
    });
    expect(r.code).to.equal(0);
    const logged = r.stdout.split('\n').filter((l) => l !== '');
    expect(logged.slice(-201)).to.deep.equal([...extra, OUTPUTS_END]);
    expect(logged).to.not.include('not a result line');

    const term = readFileSync(sb.terminationLog, 'utf8');
    expect(Buffer.byteLength(term)).to.be.at.most(4096);
    const lines = term.split('\n');
    expect(lines[0]).to.equal(OUTPUTS_START);
    expect(lines.slice(1, 5)).to.deep.equal([
      'branch: kelos/big-1',
      `commit: ${sha}`,
      `pr: ${PR_URL}`,
      'base-branch: main',
    ]);
    expect(lines[5]).to.match(/^cost-usd: /);
    expect(lines[6]).to.match(/^input-tokens: \d+$/);
    expect(lines[7]).to.match(/^output-tokens: \d+$/);
    const kept = lines.slice(8, -2);
    expect(kept).to.deep.equal(extra.slice(0, kept.length));
    expect(kept.length).to.be.within(80, 199);
    expect(lines.slice(-2)).to.deep.equal([OUTPUTS_END, '']);
  });
});
