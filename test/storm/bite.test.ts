/**
 * Proof that the storm's invariants bite: each test-only switch
 * (functions/core/test-hooks/broken-guarantee.ts) breaks one guarantee in the
 * real functions, and the storm, with the short run's budget, must FAIL on
 * the invariant that guarantee protects.
 */
import { expect } from 'chai';
import type { Breakable } from '../../functions/core/test-hooks/broken-guarantee.js';
import { useCluster } from '../support/cluster.js';
import { runStorm, type StormCluster } from './storm.js';
import { SHORT_RUN } from './short-run.js';

const CASES: { breaks: Breakable; seed: number; caughtBy: string[] }[] = [
  { breaks: 'branch-lease', seed: 11, caughtBy: ['one-task-per-branch'] },
  { breaks: 'spawn-reservation', seed: 12, caughtBy: ['max-total-tasks', 'max-concurrency'] },
  {
    breaks: 'status-resource-version',
    seed: 13,
    caughtBy: ['final-phase-sticks', 'outputs-reach-task', 'one-pod-per-task'],
  },
  { breaks: 'resync-sweep', seed: 14, caughtBy: ['converges'] },
];

describe('storm: each broken guarantee is caught', function () {
  this.timeout(15 * 60_000);
  let cluster: StormCluster;
  before(async function () {
    this.timeout(180_000);
    const c = await useCluster();
    await c.applyCrds();
    cluster = { kubeconfigPath: c.kubeconfigPath, server: c.server, token: c.token, caFile: c.caFile };
  });

  for (const c of CASES) {
    it(`KELOS_TEST_BREAK=${c.breaks}: the storm fails on ${c.caughtBy.join(' or ')}`, async () => {
      const result = await runStorm({
        seed: c.seed,
        events: SHORT_RUN.fixed[0]!.events,
        cluster,
        breaks: [c.breaks],
        stopOnViolation: true,
        convergeStallMs: 75_000,
      });
      const found = result.violations.map((v) => v.invariant);
      console.log(
        `      caught after ${result.figures.stepsRun} events: ${[...new Set(found)].join(', ') || 'nothing'}`,
      );
      expect(result.ok, 'the storm passed with a broken guarantee').to.equal(false);
      expect(
        found.some((f) => c.caughtBy.includes(f)),
        result.report,
      ).to.equal(true);
    });
  }
});
