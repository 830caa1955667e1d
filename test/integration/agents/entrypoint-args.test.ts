/**
 * The entrypoints with stand-in agent CLIs: what each passes to its CLI (prompt,
 * model, plugin dirs), the opencode key mapping, the missing-prompt error, the
 * tee'd output, capture always running, and the agent's exit code coming back.
 */
import { expect } from 'chai';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEntrypoint, SETUP_BUNDLE } from './run-entrypoint.js';

const STUB = `#!/bin/bash
node -e 'const keys=["ANTHROPIC_API_KEY","OPENAI_API_KEY","GEMINI_API_KEY","GOOGLE_GENERATIVE_AI_API_KEY","GROQ_API_KEY","XAI_API_KEY"];
const env=Object.fromEntries(keys.filter(k=>process.env[k]!==undefined).map(k=>[k,process.env[k]]));
process.stdout.write(JSON.stringify({argv:process.argv.slice(1),env})+"\\n")' -- "$@"
read -r line || true
echo "stdin:[$line]"
echo "stdin-rest-bytes:$(wc -c)"
exit "\${STUB_EXIT:-0}"
`;
const CAPTURE = `#!/bin/bash
echo "capture ran for $KELOS_AGENT_TYPE reading $KELOS_AGENT_OUTPUT"
`;

describe('agents entrypoints (stand-in CLIs)', function () {
  this.timeout(30_000);
  let root = '';
  let env: NodeJS.ProcessEnv = {};

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kelos-entry-'));
    const bin = join(root, 'bin');
    mkdirSync(bin);
    mkdirSync(join(root, 'home'));
    for (const cli of ['claude', 'codex', 'gemini', 'opencode']) {
      writeFileSync(join(bin, cli), STUB);
      chmodSync(join(bin, cli), 0o755);
    }
    writeFileSync(join(bin, 'capture'), CAPTURE);
    chmodSync(join(bin, 'capture'), 0o755);
    env = {
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      HOME: join(root, 'home'),
      KELOS_CAPTURE: join(bin, 'capture'),
      KELOS_AGENT_SETUP: SETUP_BUNDLE,
      KELOS_AGENT_OUTPUT: join(root, 'agent-output.jsonl'),
    };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const run = async (type: string, args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const r = await runEntrypoint({ type, args, cwd: root, env: { ...env, ...extra } });
    const first = r.stdout.split('\n')[0] ?? '';
    const call = first.startsWith('{')
      ? (JSON.parse(first) as { argv: string[]; env: Record<string, string> })
      : undefined;
    return { ...r, call };
  };

  const expected: Record<string, (prompt: string) => string[]> = {
    'claude-code': (p) => [
      '--dangerously-skip-permissions',
      '--output-format',
      'stream-json',
      '--verbose',
      '-p',
      p,
    ],
    codex: (p) => [
      'exec',
      '--dangerously-bypass-approvals-and-sandbox',
      '--skip-git-repo-check',
      '--json',
      p,
    ],
    gemini: (p) => ['--yolo', '--output-format', 'stream-json', '-p', p],
    opencode: (p) => ['run', '--format', 'json', p],
  };

  // With the prompt in KELOS_PROMPT_FILE, the CLI gets it on stdin and no prompt argument.
  const fromFile: Record<string, string[]> = {
    'claude-code': ['--dangerously-skip-permissions', '--output-format', 'stream-json', '--verbose', '-p'],
    codex: ['exec', '--dangerously-bypass-approvals-and-sandbox', '--skip-git-repo-check', '--json', '-'],
    gemini: ['--yolo', '--output-format', 'stream-json'],
    opencode: ['run', '--format', 'json'],
  };

  for (const [type, argsFor] of Object.entries(expected)) {
    describe(type, () => {
      it('passes the prompt ($1) and no model flag without KELOS_MODEL', async () => {
        const prompt = 'Fix "issue" #1\nwith $HOME and `ticks`';
        const r = await run(type, [prompt]);
        expect(r.code).to.equal(0);
        expect(r.call?.argv).to.deep.equal(argsFor(prompt));
      });

      it('adds --model from KELOS_MODEL', async () => {
        const r = await run(type, ['p'], { KELOS_MODEL: 'some/model-1' });
        expect(r.call?.argv).to.deep.equal([...argsFor('p'), '--model', 'some/model-1']);
      });

      it('fails clearly without a prompt, before starting the agent', async () => {
        for (const args of [[], ['']]) {
          const r = await run(type, args);
          expect(r.code).to.equal(1);
          expect(r.stderr).to.include('missing prompt');
          expect(r.stdout).to.equal('');
        }
      });

      it("tees the agent output, runs capture, and exits with the agent's code; stdin is empty", async () => {
        const r = await run(type, ['p'], { STUB_EXIT: '3', KELOS_AGENT_TYPE: type });
        expect(r.code).to.equal(3);
        expect(r.stdout).to.include(`capture ran for ${type} reading ${join(root, 'agent-output.jsonl')}`);
        expect(r.stdout).to.include('stdin:[]');
        const teed = readFileSync(join(root, 'agent-output.jsonl'), 'utf8');
        expect(teed.split('\n')[0]).to.equal(r.stdout.split('\n')[0]);
        expect(teed).to.not.include('capture ran');
      });

      it('takes a prompt over 128 KiB from KELOS_PROMPT_FILE and gives it to the CLI on stdin', async () => {
        const file = join(root, 'prompt');
        const rest = 'x'.repeat(200 * 1024) + '\n';
        writeFileSync(file, `FIRST-LINE-9c1d\n${rest}`);
        const r = await run(type, [], { KELOS_PROMPT_FILE: file, KELOS_MODEL: 'm' });
        expect(r.code, r.stderr).to.equal(0);
        expect(r.call?.argv).to.deep.equal([...(fromFile[type] ?? []), '--model', 'm']);
        expect(r.stdout).to.include('stdin:[FIRST-LINE-9c1d]');
        expect(r.stdout).to.include(`stdin-rest-bytes:${Buffer.byteLength(rest)}`);
      });

      it('fails clearly when KELOS_PROMPT_FILE is missing or empty, before starting the agent', async () => {
        writeFileSync(join(root, 'empty'), '');
        for (const file of [join(root, 'absent'), join(root, 'empty')]) {
          const r = await run(type, ['ignored'], { KELOS_PROMPT_FILE: file });
          expect(r.code).to.equal(1);
          expect(r.stderr).to.include(
            `missing prompt: KELOS_PROMPT_FILE=${file} is not a readable, non-empty file`,
          );
          expect(r.stdout).to.equal('');
        }
      });

      it('stops with an error when the AgentConfig cannot be delivered', async () => {
        const r = await run(type, ['p'], { KELOS_MCP_SERVERS: '{not json' });
        expect(r.code).to.equal(1);
        expect(r.stderr).to.include('KELOS_MCP_SERVERS is not valid JSON');
        expect(r.stderr).to.include('could not deliver the AgentConfig');
      });
    });
  }

  it('claude-code: one --plugin-dir per plugin directory', async () => {
    const plugins = join(root, 'plugin');
    for (const p of ['alpha', 'beta']) mkdirSync(join(plugins, p, 'skills'), { recursive: true });
    const r = await run('claude-code', ['p'], { KELOS_PLUGIN_DIR: plugins });
    expect(r.call?.argv.slice(6)).to.deep.equal([
      '--plugin-dir',
      join(plugins, 'alpha'),
      '--plugin-dir',
      join(plugins, 'beta'),
    ]);
  });

  it('codex: no --enable skills (the pinned CLI rejects it; skills are on by default)', async () => {
    const plugins = join(root, 'plugin');
    mkdirSync(join(plugins, 'kelos', 'skills', 's'), { recursive: true });
    writeFileSync(join(plugins, 'kelos', 'skills', 's', 'SKILL.md'), '---\nname: s\ndescription: d\n---\n');
    const r = await run('codex', ['p'], { KELOS_PLUGIN_DIR: plugins });
    expect(r.call?.argv).to.not.include('--enable');
    expect(readFileSync(join(root, 'home', '.codex', 'skills', 'kelos-s', 'SKILL.md'), 'utf8')).to.include(
      'name: s',
    );
  });

  describe('opencode: OPENCODE_API_KEY goes to the provider of KELOS_MODEL', () => {
    const cases: Array<[string | undefined, Record<string, string>]> = [
      [undefined, { ANTHROPIC_API_KEY: 'k' }],
      ['anthropic/claude-x', { ANTHROPIC_API_KEY: 'k' }],
      ['openai/gpt-x', { OPENAI_API_KEY: 'k' }],
      ['google/gemini-x', { GEMINI_API_KEY: 'k', GOOGLE_GENERATIVE_AI_API_KEY: 'k' }],
      ['groq/llama', { GROQ_API_KEY: 'k' }],
      ['xai/grok', { XAI_API_KEY: 'k' }],
      ['opencode/big-pickle', {}],
      ['zen/x', {}],
    ];
    for (const [model, want] of cases) {
      it(`${model ?? '(no model)'}`, async () => {
        const r = await run('opencode', ['p'], {
          OPENCODE_API_KEY: 'k',
          ...(model ? { KELOS_MODEL: model } : {}),
        });
        expect(r.call?.env).to.deep.equal(want);
        expect(r.stderr).to.equal('');
      });
    }

    it('an unknown provider falls back to ANTHROPIC_API_KEY with a warning', async () => {
      const r = await run('opencode', ['p'], { OPENCODE_API_KEY: 'k', KELOS_MODEL: 'mistral/large' });
      expect(r.call?.env).to.deep.equal({ ANTHROPIC_API_KEY: 'k' });
      expect(r.stderr).to.include('unknown provider "mistral"');
    });
  });
});
