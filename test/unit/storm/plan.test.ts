import { expect } from 'chai';
import { planStorm } from '../../storm/plan.js';
import { createRng } from '../../storm/rng.js';

describe('storm schedule (pure)', () => {
  it('is a function of the seed', () => {
    expect(planStorm(7, 500)).to.deep.equal(planStorm(7, 500));
    expect(planStorm(7, 500)).to.not.deep.equal(planStorm(8, 500));
  });

  it("a shorter run's schedule is a prefix of a longer one's, but for the mid-run API server restart", () => {
    const long = planStorm(3, 1000).filter((s) => s.kind !== 'restart-apiserver');
    const short = planStorm(3, 400).filter((s) => s.kind !== 'restart-apiserver');
    expect(long.slice(0, short.length)).to.deep.equal(short);
  });

  it('opens with the spawners, restarts the API server once in the middle, and mixes every kind of step', () => {
    const steps = planStorm(42, 2000);
    expect(steps).to.have.length(2000);
    expect(steps.slice(0, 3).map((s) => s.kind)).to.deep.equal(['spawner', 'spawner', 'spawner']);
    expect(steps.filter((s) => s.kind === 'restart-apiserver')).to.have.length(1);
    expect(steps[1000]?.kind).to.equal('restart-apiserver');
    const kinds = new Set(steps.map((s) => s.kind));
    for (const k of [
      'task',
      'issue',
      'redeliver',
      'kubelet',
      'kill',
      'api-faults',
      'delete-task',
      'delete-pod',
      'suspend',
      'cron-tick',
    ])
      expect(kinds, k).to.include(k);
  });

  it('Tasks depend only on Tasks created before them (chains and fans, no cycles)', () => {
    const seen = new Set<string>();
    for (const s of planStorm(5, 2000)) {
      if (s.kind !== 'task') continue;
      for (const d of s.dependsOn) expect(seen.has(d), `${s.name} → ${d}`).to.equal(true);
      seen.add(s.name);
    }
  });

  it('the PRNG streams are reproducible and independent', () => {
    const a = createRng(9);
    const b = createRng(9);
    expect([a.next(), a.next(), a.int(10)]).to.deep.equal([b.next(), b.next(), b.int(10)]);
    expect(createRng(9).fork('x').next()).to.not.equal(createRng(9).fork('y').next());
    const r = createRng(1);
    const values = Array.from({ length: 1000 }, () => r.next());
    expect(Math.min(...values)).to.be.at.least(0);
    expect(Math.max(...values)).to.be.below(1);
  });
});
