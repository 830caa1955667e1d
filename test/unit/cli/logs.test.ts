import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Capture } from './support/run.js';
import { expectGolden, fixture } from './support/golden.js';
import { formatLogText, lineWriter, formatterFor } from '../../../cli/logs/format-logs.js';
import { claudeToolSummary } from '../../../cli/logs/claude-code.js';
import { geminiToolSummary } from '../../../cli/logs/gemini.js';

/** Formats a log and renders both streams, in order, with their stream marked. */
function render(agent: string, text: string): string {
  const events: string[] = [];
  const tagged = (tag: string) => {
    const c = new Capture();
    const write = c.write.bind(c);
    c.write = ((chunk: string) => {
      events.push(`${tag}${JSON.stringify(chunk)}`);
      return write(chunk);
    }) as typeof c.write;
    return c;
  };
  formatLogText(agent, text, { stdout: tagged('OUT '), stderr: tagged('ERR ') });
  return `${events.join('\n')}\n`;
}

function streams(agent: string, text: string): { out: string; err: string } {
  const out = new Capture();
  const err = new Capture();
  formatLogText(agent, text, { stdout: out, stderr: err });
  return { out: out.text, err: err.text };
}

describe('cli: log pretty printers (golden, recorded formats)', () => {
  for (const [agent, file] of [
    ['claude-code', 'claude-code.jsonl'],
    ['claude-code', 'claude-code-error.jsonl'],
    ['codex', 'codex.jsonl'],
    ['gemini', 'gemini.jsonl'],
    ['gemini', 'gemini-original-stats.jsonl'],
    ['opencode', 'opencode.jsonl'],
  ] as const) {
    it(`${agent}: ${file}`, () =>
      expectGolden(`logs-${file.replace('.jsonl', '.txt')}`, render(agent, fixture(`agent-output/${file}`))));
  }
});

const RECORDED = [
  'claude-code',
  'claude-code-failed',
  'codex',
  'codex-failed',
  'gemini',
  'gemini-failed',
  'opencode',
  'opencode-failed',
];
const agentOf = (name: string) => name.replace(/-failed$/, '');

describe('cli: log pretty printers on real recorded CLI output (golden)', () => {
  for (const name of RECORDED) {
    it(name, () =>
      expectGolden(
        `logs-recorded-${name}.txt`,
        render(agentOf(name), fixture(`agent-output/recorded/${name}.jsonl`)),
      ),
    );
  }
});

describe('cli: log pretty printers on the live recordings in test/fixtures/agent-output', () => {
  const dir = fileURLToPath(new URL('../../fixtures/agent-output/', import.meta.url));
  for (const name of RECORDED) {
    it(`${name}: every line understood, the outcome shown`, function () {
      if (!existsSync(join(dir, `${name}.jsonl`))) this.skip();
      const { out, err } = streams(agentOf(name), readFileSync(join(dir, `${name}.jsonl`), 'utf8'));
      expect(out, 'no raw JSON echoed').not.to.match(/^\{"/m);
      expect(err).to.match(/\[(result|error|usage)\]/);
      if (name.endsWith('-failed')) expect(err).to.match(/\[result\] error|\[error\]/);
    });
  }
});

describe('cli: claude-code log printer', () => {
  it('init, turns, text, tools and result', () => {
    const { out, err } = streams('claude-code', fixture('agent-output/claude-code.jsonl'));
    expect(err).to.contain('[init] model=claude-sonnet-4-5-20250929\n');
    expect(err).to.contain('\n--- Turn 1 ---\n');
    expect(err).to.contain('\n--- Turn 3 ---\n');
    expect(err).to.contain("[tool] Bash: git checkout -b kelos/fix-typo && printf 'hello\\n' > hello.txt");
    expect(err).to.contain('[tool] Read: /workspace/repo/hello.txt\n');
    expect(err).to.contain('[tool] TodoWrite\n');
    expect(err).to.contain('\n[result] completed (3 turns, $0.0147)\n');
    expect(out).to.contain("I'll create the branch and commit the change.\n");
    expect(out).not.to.contain('Switched to a new branch'); // tool results are not printed
  });
  it('non-JSON lines pass through, unknown types are ignored, empty lines skipped', () => {
    const { out, err } = streams('claude-code', 'plain text\n\n{"type":"mystery"}\n   \n');
    expect(out).to.equal('plain text\n');
    expect(err).to.equal('');
  });
  it('an error result prints its text to stdout', () => {
    const { out, err } = streams('claude-code', fixture('agent-output/claude-code-error.jsonl'));
    expect(err).to.contain('\n[result] error (0 turns, $0.0000)\n');
    expect(out).to.contain('API Error: 401 invalid x-api-key\n');
  });
  it('API retries are said on stderr (a wrong key or no network is minutes of retries)', () => {
    const retry = (fields: string) =>
      streams('claude-code', `{"type":"system","subtype":"api_retry",${fields}}\n`);
    const noNetwork = retry(
      '"attempt":3,"max_retries":10,"retry_delay_ms":2207.66,"error_status":null,"error":"unknown"',
    );
    expect(noNetwork.err).to.equal('[retry] API request failed (unknown): attempt 3/10, next in 2.2 s\n');
    expect(noNetwork.out).to.equal('');
    expect(
      retry(
        '"attempt":1,"max_retries":10,"retry_delay_ms":500,"error_status":401,"error":"authentication_failed"',
      ).err,
    ).to.equal('[retry] API request failed (authentication_failed, HTTP 401): attempt 1/10, next in 0.5 s\n');
    expect(retry('"attempt":2').err).to.equal(
      '[retry] API request failed (unknown error): attempt 2, next in 0.0 s\n',
    );
  });
  it('system events without init/model print nothing', () => {
    expect(
      streams('claude-code', '{"type":"system","subtype":"init"}\n{"type":"system","subtype":"compact"}').err,
    ).to.equal('');
  });
});

describe('cli: tool input summaries', () => {
  it('picks the field per tool', () => {
    expect(claudeToolSummary('Write', { file_path: '/a' })).to.equal('/a');
    expect(claudeToolSummary('Edit', { file_path: '/b' })).to.equal('/b');
    expect(claudeToolSummary('Glob', { pattern: '**/*.ts' })).to.equal('**/*.ts');
    expect(claudeToolSummary('Grep', { pattern: 'TODO' })).to.equal('TODO');
    expect(claudeToolSummary('WebFetch', { url: 'https://x' })).to.equal('https://x');
    expect(claudeToolSummary('Task', { description: 'explore' })).to.equal('explore');
    expect(claudeToolSummary('WebSearch', { query: 'kelos' })).to.equal('kelos');
  });
  it('nil, empty, invalid or unknown input gives ""', () => {
    expect(claudeToolSummary('Bash', undefined)).to.equal('');
    expect(claudeToolSummary('Bash', {})).to.equal('');
    expect(claudeToolSummary('Bash', 'not an object')).to.equal('');
    expect(claudeToolSummary('Bash', { command: 42 })).to.equal('');
    expect(claudeToolSummary('Unknown', { command: 'x' })).to.equal('');
  });
  it('escapes newlines and truncates at 120 characters, multibyte safe', () => {
    expect(claudeToolSummary('Bash', { command: 'a\nb' })).to.equal('a\\nb');
    const long = 'x'.repeat(130);
    expect(claudeToolSummary('Bash', { command: long })).to.equal(`${'x'.repeat(120)}...`);
    const wide = '日'.repeat(121);
    expect(claudeToolSummary('Bash', { command: wide })).to.equal(`${'日'.repeat(120)}...`);
    expect(claudeToolSummary('Bash', { command: '日'.repeat(120) })).to.equal('日'.repeat(120));
  });
  it('gemini: file_path or path, commands, patterns', () => {
    expect(geminiToolSummary('ReadFile', { path: 'a.txt' })).to.equal('a.txt');
    expect(geminiToolSummary('WriteFile', { file_path: 'b.txt' })).to.equal('b.txt');
    expect(geminiToolSummary('Shell', { command: 'ls' })).to.equal('ls');
    expect(geminiToolSummary('run_shell_command', { command: 'ls -la' })).to.equal('ls -la');
    expect(geminiToolSummary('Glob', { pattern: '*.go' })).to.equal('*.go');
  });
});

describe('cli: codex log printer', () => {
  it('turns, commands, usage, agent messages, errors', () => {
    const { out, err } = streams('codex', fixture('agent-output/codex.jsonl'));
    expect(err).to.contain('\n--- Turn 1 ---\n');
    expect(err).to.contain('[command] bash -lc "git checkout -b kelos/fix-typo');
    expect(err).to.contain('[todo_list]\n');
    expect(err).to.contain('[usage] input=7021 cached=3072 output=141\n');
    expect(err).to.contain('\n--- Turn 2 ---\n');
    expect(err).to.contain('[error] {"type":"error","message":"stream disconnected');
    expect(out).to.equal('Created branch kelos/fix-typo and committed hello.txt.\n');
  });
  it('thread.started is silent; non-JSON passes through', () => {
    expect(streams('codex', '{"type":"thread.started","thread_id":"x"}\nhello')).to.deep.equal({
      out: 'hello\n',
      err: '',
    });
  });
});

describe('cli: gemini log printer', () => {
  it('streams delta chunks as one turn and reads stats.input_tokens', () => {
    const { out, err } = streams('gemini', fixture('agent-output/gemini.jsonl'));
    expect(err).to.contain('[init] model=gemini-2.5-pro\n');
    expect(out).to.equal(
      'I will create the branch and commit the file.\nCreated branch kelos/fix-typo and committed hello.txt.\n',
    );
    expect(err).to.contain("[tool] run_shell_command: git checkout -b kelos/fix-typo && printf 'hello\\n'");
    expect(err).to.contain('[tool] read_file: hello.txt\n');
    expect(err.match(/--- Turn \d ---/g)).to.deep.equal(['--- Turn 1 ---', '--- Turn 2 ---']);
    expect(err).to.contain('\n[result] completed (input=3180, output=121)\n');
  });
  it('non-delta messages each start a turn; totalInputTokens as in the original; error status', () => {
    const { out, err } = streams('gemini', fixture('agent-output/gemini-original-stats.jsonl'));
    expect(out).to.equal('Hello\nSecond turn\n');
    expect(err).to.contain('--- Turn 2 ---');
    expect(err).to.contain('\n[result] error (input=50, output=7)\n');
  });
  it('an error result prints its reason to stdout, as claude-code does', () => {
    const r = streams(
      'gemini',
      '{"type":"result","status":"error","error":{"type":"unknown","message":"quota exceeded"}}',
    );
    expect(r).to.deep.equal({ out: 'quota exceeded\n', err: '\n[result] error\n' });
  });
  it('a result without stats has no usage; user messages and tool results are silent', () => {
    const { out, err } = streams(
      'gemini',
      '{"type":"message","role":"user","content":"hi"}\n{"type":"tool_result","output":"x"}\n{"type":"result","status":"success"}',
    );
    expect(out).to.equal('');
    expect(err).to.equal('\n[result] completed\n');
  });
});

describe('cli: opencode log printer', () => {
  it('text parts to stdout, one result per finished step', () => {
    const { out, err } = streams('opencode', fixture('agent-output/opencode.jsonl'));
    expect(out).to.equal('Created branch kelos/fix-typo and committed hello.txt.');
    expect(err).to.equal(
      '\n[result] completed (input=1830, output=64)\n\n[result] completed (input=1910, output=21)\n\n[result] completed\n',
    );
  });
  it('an error event is shown (the original printed nothing and a failed run ended silently)', () => {
    const line =
      '{"type":"error","error":{"name":"APIError","data":{"message":"rate limited","statusCode":429}}}';
    expect(streams('opencode', line)).to.deep.equal({ out: '', err: '\n[error] rate limited\n' });
    expect(streams('opencode', '{"type":"error","error":{"name":"UnknownError"}}').err).to.equal(
      '\n[error] UnknownError\n',
    );
  });
  it('top-level text is accepted too', () => {
    expect(streams('opencode', '{"type":"text","text":"hi"}').out).to.equal('hi');
  });
});

describe('cli: streaming line splitter', () => {
  it('reassembles lines split across chunks and skips blank lines', async () => {
    const out = new Capture();
    const err = new Capture();
    const w = lineWriter(formatterFor('codex', { stdout: out, stderr: err }));
    w.write('{"type":"item.completed","item":{"type":"agent_');
    w.write('message","text":"one"}}\r\n\n{"type":"turn.started"}\npartial');
    await new Promise<void>((resolve) => w.end(resolve));
    expect(out.text).to.equal('one\npartial\n');
    expect(err.text).to.equal('\n--- Turn 1 ---\n');
  });
});
