import { expect } from 'chai';
import { parseOutputs, resultsFromOutputs } from '../../../functions/core/outputs/parse-outputs.js';
import { usageFromResults } from '../../../functions/core/outputs/usage-from-results.js';

const S = '---KELOS_OUTPUTS_START---';
const E = '---KELOS_OUTPUTS_END---';

describe('parseOutputs', () => {
  const cases: { name: string; text: string; want: string[] | undefined }[] = [
    { name: 'no markers', text: 'just some logs\nmore logs', want: undefined },
    { name: 'empty between markers', text: `${S}\n${E}`, want: undefined },
    { name: 'whitespace between markers', text: `${S}\n   \n\t\n${E}`, want: undefined },
    { name: 'branch only', text: `${S}\nbranch: feature-1\n${E}`, want: ['branch: feature-1'] },
    {
      name: 'branch and PR',
      text: `${S}\nbranch: feature-1\npr: https://github.com/o/r/pull/1\n${E}`,
      want: ['branch: feature-1', 'pr: https://github.com/o/r/pull/1'],
    },
    {
      name: 'multiple PRs',
      text: `${S}\npr: https://github.com/o/r/pull/1\npr: https://github.com/o/r/pull/2\n${E}`,
      want: ['pr: https://github.com/o/r/pull/1', 'pr: https://github.com/o/r/pull/2'],
    },
    {
      name: 'markers amid noisy logs',
      text: `{"type":"assistant"}\nnoise\n${S}\n  branch: x  \n\n${E}\ntrailing noise`,
      want: ['branch: x'],
    },
    {
      name: 'all keys',
      text: `${S}\nbranch: b\npr: p\ncommit: abc123\nbase-branch: main\ncost-usd: 0.25\ninput-tokens: 100\noutput-tokens: 50\n${E}\n`,
      want: [
        'branch: b',
        'pr: p',
        'commit: abc123',
        'base-branch: main',
        'cost-usd: 0.25',
        'input-tokens: 100',
        'output-tokens: 50',
      ],
    },
    { name: 'start without end', text: `${S}\nbranch: b\n`, want: undefined },
    { name: 'end before start', text: `${E}\nbranch: b\n${S}\n`, want: undefined },
    { name: 'first end marker is before the start', text: `${E}\n${S}\nbranch: b\n${E}`, want: undefined },
    { name: 'CRLF lines trimmed', text: `${S}\r\nbranch: b\r\n${E}`, want: ['branch: b'] },
  ];
  for (const c of cases) {
    it(c.name, () => expect(parseOutputs(c.text)).to.deep.equal(c.want));
  }
});

describe('resultsFromOutputs', () => {
  const cases: { name: string; lines: string[] | undefined; want: Record<string, string> | undefined }[] = [
    { name: 'undefined', lines: undefined, want: undefined },
    { name: 'empty', lines: [], want: undefined },
    { name: 'branch', lines: ['branch: feature-1'], want: { branch: 'feature-1' } },
    {
      name: 'branch and pr',
      lines: ['branch: b', 'pr: https://x/1'],
      want: { branch: 'b', pr: 'https://x/1' },
    },
    { name: 'duplicate keys: last wins', lines: ['pr: one', 'pr: two'], want: { pr: 'two' } },
    {
      name: 'lines without ": " are skipped',
      lines: ['no separator', 'key:value', ': empty key'],
      want: undefined,
    },
    { name: 'mixed', lines: ['branch: b', 'garbage', 'commit: c'], want: { branch: 'b', commit: 'c' } },
    { name: 'value containing ": "', lines: ['note: a: b: c'], want: { note: 'a: b: c' } },
    {
      name: 'usage keys',
      lines: ['cost-usd: 0.1234', 'input-tokens: 1500', 'output-tokens: 300'],
      want: { 'cost-usd': '0.1234', 'input-tokens': '1500', 'output-tokens': '300' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(resultsFromOutputs(c.lines)).to.deep.equal(c.want));
  }
});

describe('usageFromResults', () => {
  const cases: { name: string; results: Record<string, string> | undefined; want: unknown }[] = [
    { name: 'no results', results: undefined, want: undefined },
    { name: 'no usage keys', results: { branch: 'b' }, want: undefined },
    {
      name: 'all three',
      results: { 'cost-usd': '0.42', 'input-tokens': '1000', 'output-tokens': '200' },
      want: { costUSD: '0.42', inputTokens: 1000, outputTokens: 200 },
    },
    {
      name: 'zero and invalid dropped',
      results: { 'cost-usd': '0', 'input-tokens': 'abc', 'output-tokens': '-3' },
      want: undefined,
    },
    { name: 'partial', results: { 'output-tokens': '7' }, want: { outputTokens: 7 } },
  ];
  for (const c of cases) {
    it(c.name, () => expect(usageFromResults(c.results)).to.deep.equal(c.want));
  }
});
