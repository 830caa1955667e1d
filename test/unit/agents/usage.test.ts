import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseUsage } from '../../../agents/capture/src/usage.js';

const lines = (...objs: unknown[]): string => objs.map((o) => JSON.stringify(o)).join('\n') + '\n';
const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/agent-output/${name}.jsonl`, import.meta.url), 'utf8');

describe('agents/capture parseUsage', () => {
  it('claude-code: cost and tokens from the result line', () => {
    const text = lines(
      { type: 'system', subtype: 'init' },
      { type: 'result', total_cost_usd: 0.0123, usage: { input_tokens: 1500, output_tokens: 320 } },
    );
    expect(parseUsage('claude-code', text)).to.deep.equal([
      ['cost-usd', '0.0123'],
      ['input-tokens', '1500'],
      ['output-tokens', '320'],
    ]);
  });

  it('claude-code: the last result line wins', () => {
    const text = lines(
      { type: 'result', total_cost_usd: 1, usage: { input_tokens: 1, output_tokens: 1 } },
      { type: 'result', total_cost_usd: 2.5, usage: { input_tokens: 20, output_tokens: 30 } },
    );
    expect(parseUsage('claude-code', text)).to.deep.equal([
      ['cost-usd', '2.5'],
      ['input-tokens', '20'],
      ['output-tokens', '30'],
    ]);
  });

  it('claude-code: the cost is printed verbatim', () => {
    const text = lines({
      type: 'result',
      total_cost_usd: 0.0034800000000000005,
      usage: { input_tokens: 0, output_tokens: 2 },
    });
    expect(parseUsage('claude-code', text)).to.deep.equal([
      ['cost-usd', '0.0034800000000000005'],
      ['input-tokens', '0'],
      ['output-tokens', '2'],
    ]);
  });

  it('claude-code: nothing without a result line', () => {
    expect(parseUsage('claude-code', lines({ type: 'assistant', message: {} }))).to.deep.equal([]);
  });

  it('codex: sums usage over turn.completed lines', () => {
    const text = lines(
      { type: 'thread.started' },
      { type: 'turn.completed', usage: { input_tokens: 100, output_tokens: 10 } },
      { type: 'item.completed', item: { type: 'agent_message' } },
      { type: 'turn.completed', usage: { input_tokens: 250, cached_input_tokens: 5, output_tokens: 40 } },
    );
    expect(parseUsage('codex', text)).to.deep.equal([
      ['input-tokens', '350'],
      ['output-tokens', '50'],
    ]);
  });

  it('codex: nothing without turns, and zero sums are left out', () => {
    expect(parseUsage('codex', lines({ type: 'thread.started' }))).to.deep.equal([]);
    const zeroOut = lines({ type: 'turn.completed', usage: { input_tokens: 7, output_tokens: 0 } });
    expect(parseUsage('codex', zeroOut)).to.deep.equal([['input-tokens', '7']]);
  });

  it('gemini: snake_case stats of the pinned CLI', () => {
    const text = lines({
      type: 'result',
      status: 'success',
      stats: { input_tokens: 900, output_tokens: 80, total_tokens: 980 },
    });
    expect(parseUsage('gemini', text)).to.deep.equal([
      ['input-tokens', '900'],
      ['output-tokens', '80'],
    ]);
  });

  it("gemini: still reads the original's camelCase stats", () => {
    const text = lines({ type: 'result', stats: { inputTokens: 11, outputTokens: 22 } });
    expect(parseUsage('gemini', text)).to.deep.equal([
      ['input-tokens', '11'],
      ['output-tokens', '22'],
    ]);
  });

  it('opencode: sums tokens and cost over step_finish lines', () => {
    const text = lines(
      { type: 'step_start', part: {} },
      { type: 'step_finish', part: { cost: 0.1, tokens: { input: 100, output: 20 } } },
      { type: 'text', part: { text: 'hi' } },
      { type: 'step_finish', part: { cost: 0.2, tokens: { input: 50, output: 5 } } },
    );
    expect(parseUsage('opencode', text)).to.deep.equal([
      ['cost-usd', '0.3'],
      ['input-tokens', '150'],
      ['output-tokens', '25'],
    ]);
  });

  it('opencode: no cost line when the model has no price', () => {
    const text = lines({ type: 'step_finish', part: { cost: 0, tokens: { input: 3, output: 4 } } });
    expect(parseUsage('opencode', text)).to.deep.equal([
      ['input-tokens', '3'],
      ['output-tokens', '4'],
    ]);
  });

  it('unknown or empty agent type gives nothing', () => {
    const text = lines({ type: 'result', total_cost_usd: 1, usage: { input_tokens: 1, output_tokens: 1 } });
    expect(parseUsage('aider', text)).to.deep.equal([]);
    expect(parseUsage('', text)).to.deep.equal([]);
  });

  it('an empty file gives nothing', () => {
    for (const t of ['claude-code', 'codex', 'gemini', 'opencode'])
      expect(parseUsage(t, '')).to.deep.equal([]);
  });

  it('malformed lines are skipped', () => {
    const text =
      'not json\n{"type":"result",\n' +
      lines({ type: 'result', total_cost_usd: 0.5, usage: { input_tokens: 5, output_tokens: 6 } }) +
      '[1,2]\n';
    expect(parseUsage('claude-code', text)).to.deep.equal([
      ['cost-usd', '0.5'],
      ['input-tokens', '5'],
      ['output-tokens', '6'],
    ]);
  });

  describe('golden: output recorded from the pinned CLIs (test/fixtures/agent-output)', () => {
    const cases: Array<[string, string, Array<[string, string]>]> = [
      [
        'claude-code',
        'claude-code',
        [
          ['cost-usd', '0.0027'],
          ['input-tokens', '240'],
          ['output-tokens', '60'],
        ],
      ],
      [
        'claude-code',
        'claude-code-failed',
        [
          ['cost-usd', '0.00135'],
          ['input-tokens', '120'],
          ['output-tokens', '30'],
        ],
      ],
      [
        'codex',
        'codex',
        [
          ['input-tokens', '240'],
          ['output-tokens', '60'],
        ],
      ],
      ['codex', 'codex-failed', []],
      [
        'gemini',
        'gemini',
        [
          ['input-tokens', '240'],
          ['output-tokens', '60'],
        ],
      ],
      [
        'gemini',
        'gemini-failed',
        [
          ['input-tokens', '120'],
          ['output-tokens', '30'],
        ],
      ],
      [
        'opencode',
        'opencode',
        [
          ['cost-usd', '0.00162'],
          ['input-tokens', '240'],
          ['output-tokens', '60'],
        ],
      ],
      [
        'opencode',
        'opencode-failed',
        [
          ['cost-usd', '0.00081'],
          ['input-tokens', '120'],
          ['output-tokens', '30'],
        ],
      ],
    ];
    for (const [type, file, want] of cases) {
      it(`${file}.jsonl`, () => {
        expect(parseUsage(type, fixture(file))).to.deep.equal(want);
      });
    }
  });
});
