/**
 * Each entrypoint stopped by SIGTERM (a deadline or a deleted Task: the kubelet
 * signals the container's PID 1) with a stand-in agent CLI that sleeps and
 * records the signal: the signal reaches the agent, the entrypoint stops
 * promptly, the real kelos-capture still prints the block (with the usage the
 * agent printed) and writes it to the termination log, and the exit code is 143.
 * Run as PID 1 of a new PID namespace when root (as in a container, where bash
 * without a handler would ignore SIGTERM), else as a plain child.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../support/eventually.js';
import { CAPTURE_BUNDLE, pid1Of, SETUP_BUNDLE, startEntrypoint } from './run-entrypoint.js';

/** Prints one usage line, marks itself started, then waits; records a SIGTERM (and exits 143) unless told to ignore it. */
const FAKE_AGENT = `#!/usr/bin/env node
const fs = require('node:fs');
process.on('SIGTERM', () => {
  fs.appendFileSync(process.env.FAKE_SIGNAL_LOG, 'SIGTERM\\n');
  if (process.env.FAKE_IGNORE_TERM !== '1') process.exit(143);
});
process.stdout.write(process.env.FAKE_LINE + '\\n', () => fs.writeFileSync(process.env.FAKE_STARTED, String(process.pid)));
setInterval(() => {}, 1000);
`;

const USAGE_LINE: Record<string, string> = {
  'claude-code': '{"type":"result","total_cost_usd":0.25,"usage":{"input_tokens":11,"output_tokens":7}}',
  codex: '{"type":"turn.completed","usage":{"input_tokens":11,"output_tokens":7}}',
  gemini: '{"type":"result","stats":{"input_tokens":11,"output_tokens":7}}',
  opencode: '{"type":"step_finish","part":{"cost":0.25,"tokens":{"input":11,"output":7}}}',
};
const CLI: Record<string, string> = {
  'claude-code': 'claude',
  codex: 'codex',
  gemini: 'gemini',
  opencode: 'opencode',
};

function canUnshare(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('unshare', ['--pid', '--fork', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('agents entrypoints: SIGTERM reaches the agent and the capture still runs', function () {
  this.timeout(60_000);
  const asPid1 = canUnshare();
  let root = '';
  let env: NodeJS.ProcessEnv = {};
  let files: { started: string; signals: string; termLog: string };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kelos-signal-'));
    const bin = join(root, 'bin');
    mkdirSync(bin);
    mkdirSync(join(root, 'home'));
    for (const cli of Object.values(CLI)) {
      writeFileSync(join(bin, cli), FAKE_AGENT);
      chmodSync(join(bin, cli), 0o755);
    }
    files = {
      started: join(root, 'started'),
      signals: join(root, 'signals'),
      termLog: join(root, 'termination-log'),
    };
    // The kubelet creates the termination log; the capture only writes an existing file.
    writeFileSync(files.termLog, '');
    env = {
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      HOME: join(root, 'home'),
      TMPDIR: root,
      KELOS_CAPTURE: CAPTURE_BUNDLE,
      KELOS_AGENT_SETUP: SETUP_BUNDLE,
      KELOS_AGENT_OUTPUT: join(root, 'agent-output.jsonl'),
      KELOS_TERMINATION_LOG: files.termLog,
      FAKE_STARTED: files.started,
      FAKE_SIGNAL_LOG: files.signals,
    };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Starts the entrypoint, waits until the agent runs, sends SIGTERM to the entrypoint (PID 1) and returns what followed. */
  async function stopWithSigterm(type: string, extra: NodeJS.ProcessEnv = {}) {
    const run = startEntrypoint({
      type,
      args: ['do the work'],
      cwd: root,
      env: { ...env, KELOS_AGENT_TYPE: type, FAKE_LINE: USAGE_LINE[type], ...extra },
      asPid1,
    });
    await eventually('the agent to start', () => Promise.resolve(existsSync(files.started)), 30_000);
    const target = asPid1
      ? await eventually('the PID 1 of the namespace', () => Promise.resolve(pid1Of(run.pid)))
      : run.pid;
    const signalledAt = Date.now();
    process.kill(target, 'SIGTERM');
    const result = await run.result;
    return { result, stopMs: Date.now() - signalledAt };
  }

  for (const type of Object.keys(CLI)) {
    it(`${type}: passes SIGTERM on, stops promptly, captures usage, exits 143${asPid1 ? ' (as PID 1)' : ''}`, async () => {
      const { result, stopMs } = await stopWithSigterm(type);
      expect(result.code, result.stderr).to.equal(143);
      expect(readFileSync(files.signals, 'utf8')).to.equal('SIGTERM\n');
      // Forwarding failed would mean waiting for the 20 s stop timeout (or the kubelet's SIGKILL).
      expect(stopMs).to.be.below(10_000);
      const block = result.stdout.slice(result.stdout.indexOf('---KELOS_OUTPUTS_START---'));
      expect(block).to.include('input-tokens: 11\noutput-tokens: 7\n---KELOS_OUTPUTS_END---\n');
      expect(result.stdout.startsWith(`${USAGE_LINE[type]}\n`)).to.equal(true);
      expect(readFileSync(files.termLog, 'utf8')).to.equal(block);
    });
  }

  it('an agent that ignores SIGTERM is killed after KELOS_AGENT_STOP_SECONDS; the capture still runs', async () => {
    const { result, stopMs } = await stopWithSigterm('claude-code', {
      FAKE_IGNORE_TERM: '1',
      KELOS_AGENT_STOP_SECONDS: '1',
    });
    expect(result.code, result.stderr).to.equal(143);
    expect(readFileSync(files.signals, 'utf8')).to.equal('SIGTERM\n');
    expect(stopMs).to.be.at.least(900);
    expect(result.stdout).to.include('cost-usd: 0.25\ninput-tokens: 11\noutput-tokens: 7\n');
    expect(readFileSync(files.termLog, 'utf8')).to.include('---KELOS_OUTPUTS_START---');
  });
});
