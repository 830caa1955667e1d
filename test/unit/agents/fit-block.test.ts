import { expect } from 'chai';
import { fitBlock, TERMINATION_MESSAGE_LIMIT } from '../../../agents/capture/src/fit-block.js';
import { formatBlock } from '../../../agents/capture/src/format-block.js';
import { parseOutputs } from '../../../functions/core/outputs/parse-outputs.js';

describe('agents/capture fitBlock (the termination-log block within 4096 bytes)', () => {
  const known = [
    'output-tokens: 30',
    'pr: https://github.com/o/r/pull/1',
    'custom-a: 1',
    'base-branch: main',
    'branch: feature',
    'cost-usd: 0.5',
    'commit: 3b38bd7bddb811a21fd05ba8675857e43d242130',
    'input-tokens: 120',
    'custom-b: 2',
  ];

  it('a block that fits is kept whole, as printed', () => {
    expect(fitBlock(known)).to.deep.equal({ block: formatBlock(known), dropped: 0 });
  });

  it('a block that does not fit: known keys first in a fixed order, the others in their order', () => {
    const r = fitBlock(known, Buffer.byteLength(formatBlock(known)) - 1);
    expect(r.dropped).to.equal(1);
    expect(parseOutputs(r.block)).to.deep.equal([
      'branch: feature',
      'commit: 3b38bd7bddb811a21fd05ba8675857e43d242130',
      'pr: https://github.com/o/r/pull/1',
      'base-branch: main',
      'cost-usd: 0.5',
      'input-tokens: 120',
      'output-tokens: 30',
      'custom-a: 1',
    ]);
  });

  it('nothing to say: no block', () => {
    expect(fitBlock([])).to.deep.equal({ block: '', dropped: 0 });
  });

  it('too many results: known keys all kept, results until full, never over the limit, markers intact', () => {
    const results = Array.from({ length: 300 }, (_, i) => `r${i}: ${'x'.repeat(30)}`);
    const own = known.filter((l) => !l.startsWith('custom'));
    const r = fitBlock([...results, ...own]);
    expect(Buffer.byteLength(r.block)).to.be.at.most(TERMINATION_MESSAGE_LIMIT);
    // Full means the next result line would not have fitted.
    expect(Buffer.byteLength(r.block) + Buffer.byteLength(`${results[0]}\n`)).to.be.above(
      TERMINATION_MESSAGE_LIMIT,
    );
    const lines = parseOutputs(r.block)!;
    expect(lines.slice(0, 7)).to.have.members(own);
    const kept = lines.slice(7);
    expect(kept).to.deep.equal(results.slice(0, kept.length));
    expect(r.dropped).to.equal(300 + own.length - lines.length);
  });

  it('an exact fit is kept; one byte more drops the last line (bytes, not characters)', () => {
    const empty = Buffer.byteLength(formatBlock(['k: ']));
    const value = 'é'.repeat((TERMINATION_MESSAGE_LIMIT - empty) / 2);
    expect(fitBlock([`k: ${value}`]).dropped).to.equal(0);
    expect(Buffer.byteLength(fitBlock([`k: ${value}`]).block)).to.equal(TERMINATION_MESSAGE_LIMIT);
    expect(fitBlock([`k: ${value}x`])).to.deep.equal({ block: '', dropped: 1 });
  });

  it('a line too long for the block is left out and shorter ones after it still go in', () => {
    const r = fitBlock(['branch: b', `huge: ${'h'.repeat(5000)}`, 'small: s']);
    expect(parseOutputs(r.block)).to.deep.equal(['branch: b', 'small: s']);
    expect(r.dropped).to.equal(1);
  });
});
