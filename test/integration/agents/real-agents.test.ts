/**
 * Each reference entrypoint with its REAL pinned agent CLI (AGENT-TESTING.md):
 * the scripted model makes the agent create a branch, commit and push in a real
 * repo with a local bare remote; then capture reports branch, PRs (stand-in gh),
 * commit, base branch and the usage the CLI really printed. One scripted model
 * failure per agent: non-zero exit, markers still printed.
 *
 * KELOS_RECORD_AGENT_OUTPUT=1 rewrites test/fixtures/agent-output/<type>[-failed].jsonl
 * from these runs (the golden files of the usage and log-printer tests).
 */
import { expect } from 'chai';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseUsage } from '../../../agents/capture/src/usage.js';
import { installAgentClis } from '../../../scripts/agent-clis/agent-clis.js';
import { AGENT_TYPES, PROFILES, type AgentType } from './agent-profiles.js';
import { PR_URL, UPSTREAM_PR_URL } from './agent-sandbox.js';
import {
  AGENTS_MD,
  BRANCH,
  MCP_HTTP_TOKEN,
  outputLines,
  PROMPT,
  PUSH_COMMAND,
  readText,
  runRealAgent,
  USAGE,
  type AgentRun,
} from './real-agent-run.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/agent-output/', import.meta.url));
const HAS_COST: Record<AgentType, boolean> = {
  'claude-code': true,
  codex: false,
  gemini: false,
  opencode: true,
};

function record(run: AgentRun, name: string): void {
  if (process.env['KELOS_RECORD_AGENT_OUTPUT'] === '1')
    copyFileSync(run.sb.agentOutput, join(FIXTURES, `${name}.jsonl`));
}

/** What the agent printed before capture's block must be exactly what was tee'd to the output file. */
function expectTeed(run: AgentRun): void {
  const before = run.result.stdout.slice(0, run.result.stdout.indexOf('---KELOS_OUTPUTS_START---'));
  expect(readText(run.sb.agentOutput)).to.equal(before);
}

describe('agents: real agent CLIs against the scripted model server', function () {
  this.timeout(180_000);
  let cliBin = '';

  before(async function () {
    this.timeout(900_000); // a fresh machine downloads the four CLIs once
    cliBin = await installAgentClis();
  });

  for (const type of AGENT_TYPES) {
    describe(type, () => {
      const profile = PROFILES[type];

      describe('a task that pushes a branch', () => {
        let run: AgentRun;
        before(async function () {
          this.timeout(180_000);
          run = await runRealAgent(type, cliBin, [{ kind: 'shell', command: PUSH_COMMAND }]);
          record(run, type);
        });
        after(() => run?.sb.cleanup());

        it('exits 0', () => {
          expect(run.result.code, run.result.stderr.slice(-3000)).to.equal(0);
        });

        it('sent the prompt, the model and the credential to the model', () => {
          expect(run.scripted.length).to.be.at.least(2);
          const first = run.scripted[0];
          expect(first?.text).to.include(PROMPT.slice(0, 40));
          for (const r of run.scripted) {
            expect(r.model).to.equal(profile.wireModel);
            expect(r.apiKey).to.equal(profile.apiKey);
          }
        });

        it('ran the scripted command for real: the branch and commit are on the remote', () => {
          const remoteSha = run.sb.git(['ls-remote', 'origin', `refs/heads/${BRANCH}`]).split('\t')[0];
          expect(run.sb.git(['rev-parse', 'HEAD']).trim()).to.equal(remoteSha);
          expect(run.sb.git(['branch', '--show-current']).trim()).to.equal(BRANCH);
        });

        it('printed the outputs block: branch, PRs, commit, base branch, usage from the CLI output', () => {
          const sha = run.sb.git(['rev-parse', 'HEAD']).trim();
          const turns = run.scripted.length;
          const usage = parseUsage(type, readText(run.sb.agentOutput)).map(([k, v]) => `${k}: ${v}`);
          expect(usage.slice(-2)).to.deep.equal([
            `input-tokens: ${USAGE.input * turns}`,
            `output-tokens: ${USAGE.output * turns}`,
          ]);
          if (HAS_COST[type]) expect(usage[0]).to.match(/^cost-usd: 0\.\d+$/);
          expect(outputLines(run.result.stdout)).to.deep.equal([
            `branch: ${BRANCH}`,
            `pr: ${PR_URL}`,
            `pr: ${UPSTREAM_PR_URL}`,
            `commit: ${sha}`,
            'base-branch: main',
            ...usage,
          ]);
        });

        it("tee'd the CLI output and copied the block to the termination log", () => {
          expectTeed(run);
          const block = run.result.stdout.slice(run.result.stdout.indexOf('---KELOS_OUTPUTS_START---'));
          expect(readText(run.sb.terminationLog)).to.equal(block);
        });

        it('delivered agentsMD where the CLI reads it: its content reached the model', () => {
          expect(run.scripted[0]?.text).to.include('AGENTSMD-5e1b');
          expect(AGENTS_MD).to.include('AGENTSMD-5e1b');
        });

        it('started the MCP server from its own config format and offered its tool to the model', () => {
          expect(existsSync(run.sb.mcpLog), run.result.stderr.slice(-2000)).to.equal(true);
          expect(readText(run.sb.mcpLog).split('\n')).to.include.members([
            'started',
            'initialize',
            'tools/list',
          ]);
          expect(run.scripted[0]?.text).to.include('kelos_probe');
        });

        it('connected to the remote MCP server with its headers and offered its tool to the model', () => {
          expect(run.httpMcp.methods).to.include.members(['initialize', 'tools/list']);
          expect(run.httpMcp.authorizations.every((a) => a === MCP_HTTP_TOKEN)).to.equal(true);
          expect(run.scripted[0]?.text).to.include('kelos_http_probe');
        });

        it('put the AgentConfig files where §4.4 says', () => {
          const home = run.sb.home;
          const paths: Record<AgentType, string[]> = {
            'claude-code': ['.claude/CLAUDE.md', '.claude.json'],
            codex: [
              '.codex/AGENTS.md',
              '.codex/skills/kelos-probe-skill/SKILL.md',
              '.codex/agents/kelos-probe-agent.toml',
            ],
            gemini: [
              '.gemini/GEMINI.md',
              '.gemini/settings.json',
              '.gemini/extensions/kelos/gemini-extension.json',
              '.gemini/extensions/kelos/skills/probe-skill/SKILL.md',
              '.gemini/extensions/kelos/agents/probe-agent.md',
            ],
            opencode: [
              '.config/opencode/AGENTS.md',
              '.config/opencode/skills/kelos-probe-skill/SKILL.md',
              '.config/opencode/agents/probe-agent.md',
            ],
          };
          for (const p of paths[type]) expect(existsSync(join(home, p)), p).to.equal(true);
        });

        it("delivered the plugin's skill and agent: both reached the model", () => {
          expect(run.scripted[0]?.text).to.include('SKILLMARK-7f3a');
          expect(run.scripted[0]?.text).to.include('AGENTMARK-91c2');
        });
      });

      describe('a prompt over 128 KiB in KELOS_PROMPT_FILE (too long for one argument)', () => {
        // Unique head and tail marks: the CLI must have sent the whole file, not a cut.
        const big = `${PROMPT} HEAD-MARK-31f0\n${'Context line for the task.\n'.repeat(6000)}TAIL-MARK-8b2e\n`;
        let run: AgentRun;
        before(async function () {
          this.timeout(180_000);
          run = await runRealAgent(type, cliBin, [{ kind: 'shell', command: PUSH_COMMAND }], big);
        });
        after(() => run?.sb.cleanup());

        it('the CLI read it from stdin and sent all of it to the model; the run pushed and captured as usual', () => {
          expect(Buffer.byteLength(big)).to.be.above(128 * 1024);
          expect(run.result.code, run.result.stderr.slice(-3000)).to.equal(0);
          const first = run.scripted[0]?.text ?? '';
          expect(first).to.include('HEAD-MARK-31f0');
          expect(first).to.include('TAIL-MARK-8b2e');
          expect(outputLines(run.result.stdout)?.[0]).to.equal(`branch: ${BRANCH}`);
        });
      });

      describe('a model failure after the push', () => {
        let run: AgentRun;
        before(async function () {
          this.timeout(180_000);
          run = await runRealAgent(type, cliBin, [
            { kind: 'shell', command: PUSH_COMMAND },
            { kind: 'error', message: 'scripted model failure' },
          ]);
          record(run, `${type}-failed`);
        });
        after(() => run?.sb.cleanup());

        it('exits non-zero with the markers still printed and the termination log written', () => {
          expect(run.result.code).to.not.equal(0);
          expect(run.result.code).to.not.equal(null);
          const lines = outputLines(run.result.stdout) ?? [];
          const sha = run.sb.git(['rev-parse', 'HEAD']).trim();
          expect(lines.slice(0, 5)).to.deep.equal([
            `branch: ${BRANCH}`,
            `pr: ${PR_URL}`,
            `pr: ${UPSTREAM_PR_URL}`,
            `commit: ${sha}`,
            'base-branch: main',
          ]);
          expect(lines.slice(5)).to.deep.equal(
            parseUsage(type, readText(run.sb.agentOutput)).map(([k, v]) => `${k}: ${v}`),
          );
          expect(readText(run.sb.terminationLog)).to.include(`branch: ${BRANCH}\n`);
          expectTeed(run);
        });
      });
    });
  }
});
