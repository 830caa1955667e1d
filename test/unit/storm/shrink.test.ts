import { expect } from 'chai';
import { shrinkPrefix } from '../../storm/shrink.js';

describe('storm shrink: bisecting the failing prefix (pure)', () => {
  it('finds the first failing length within the resolution, in log2 tries', async () => {
    const ran: number[] = [];
    const r = await shrinkPrefix(
      1000,
      async (n) => {
        ran.push(n);
        return n >= 377;
      },
      1,
    );
    expect(r.shortest).to.equal(377);
    expect(r.tries.map((t) => t.events)).to.deep.equal(ran);
    expect(ran.length).to.be.at.most(10);
  });

  it('keeps the shortest length seen failing when a replay does not fail every time', async () => {
    // Fails from 200 on, but 300 happened to pass once (thread timing).
    const r = await shrinkPrefix(800, async (n) => n >= 200 && n !== 300, 10);
    expect(r.shortest).to.be.at.least(200);
    expect(r.shortest).to.be.below(800);
    expect(r.tries.find((t) => t.events === r.shortest)?.failed ?? r.shortest === 800).to.equal(true);
  });

  it('a length that fails at once is its own shortest', async () => {
    const r = await shrinkPrefix(3, async () => true, 5);
    expect(r).to.deep.equal({ shortest: 3, tries: [] });
  });
});
