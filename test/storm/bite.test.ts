/**
 * Proof that the storm's invariants bite: each test-only switch
 * (functions/core/test-hooks/broken-guarantee.ts) breaks one guarantee in the
 * real functions, and the storm, with the short run's budget, must FAIL on
 * the invariant that guarantee protects.
 */
import { expect } from 'chai';
import type { Breakable } from '../../functions/core/test-hooks/broken-guarantee.js';
import { stormCluster } from './storm-cluster.js';
import type { ChaosRates } from './chaos-router.js';
import { runStorm, type StormCluster } from './storm.js';
import { SHORT_RUN } from './short-run.js';

/**
 * `replicas`: 2 or 3 only where a race between replicas is the point (the
 * spawner's reservation, unguarded status writes); one replica of each function is
 * enough to take a branch without its Lease or to lose a Task without resyncs,
 * and half the processes start faster on a 2-core machine.
 */
interface Case {
  breaks: Breakable;
  seed: number;
  /**
   * Further seeds tried, in order, while the storm has caught nothing (a race that only timing opens
   * may stay shut for one seed); the case fails if none catches it, or if one passes with a violation
   * of another invariant.
   */
  moreSeeds?: number[];
  replicas: number;
  caughtBy: string[];
  stallMs?: number;
  /** Pacing waits on Tasks to settle; without resync ticks the lost ones never do. */
  pace?: false;
  chaos?: ChaosRates;
  apiJitterMs?: number;
}

const CASES: Case[] = [
  { breaks: 'branch-lease', seed: 11, replicas: 1, caughtBy: ['one-task-per-branch'] },
  { breaks: 'spawn-reservation', seed: 12, replicas: 2, caughtBy: ['max-total-tasks', 'max-concurrency'] },
  // Needs two writers racing on one Task with different news (a Pod's Running and its Succeeded):
  // three replicas and more reordered and duplicated events make that race common within the budget.
  // Since launch-pod stopped writing Pending + podName after its create (one stale writer fewer per
  // Task) seed 13 passed with the guarantee broken; seed 17 caught it in 4 of 7 runs, 19 in 1 of 2,
  // 16 in 2 of 2 (2026-12-04, loaded machine). Since the Task reads at the event's resourceVersion
  // (served from the watch cache) the race is rarer: 17, 16, 19 and 21 caught nothing in a clean-clone
  // CI run and two runs after it, 20 caught it in 3 of 3 and 26 in 1 of 1 (2026-12-04 05:30-06:10);
  // the next CI run needed 16, the fourth seed. With more duplicated and delayed events and 600 ms of
  // API jitter (more stale writers, wider read-write windows) 20, 26 and 17 each caught it at once,
  // 19 did not (06:27-06:33): up to six seeds are tried, the ones that caught it first.
  {
    breaks: 'status-resource-version',
    seed: 20,
    moreSeeds: [26, 17, 16, 19, 21],
    replicas: 3,
    chaos: { drop: 0.05, duplicate: 0.8, delay: 0.5 },
    // On a quiet machine a read-then-write takes milliseconds: a slower API server widens the window
    // (600 ms since launch-pod's Pending write, the commonest stale writer, is gone).
    apiJitterMs: 600,
    caughtBy: ['final-phase-sticks', 'outputs-reach-task', 'one-pod-per-task', 'phase-moves-forward'],
  },
  // Without resync ticks a lost event is never made up for: once the faults stop, nothing moves again.
  // 45 s of stillness is far longer than the broker's whole retry schedule (timeScale 0.5).
  { breaks: 'resync-sweep', seed: 14, replicas: 1, caughtBy: ['converges'], stallMs: 45_000, pace: false },
];

describe('storm: each broken guarantee is caught', function () {
  this.timeout(15 * 60_000);
  let cluster: StormCluster;
  before(async function () {
    this.timeout(180_000);
    cluster = await stormCluster();
  });

  for (const c of CASES) {
    it(`KELOS_TEST_BREAK=${c.breaks}: the storm fails on ${c.caughtBy.join(' or ')}`, async () => {
      const storm = (seed: number) =>
        runStorm({
          seed,
          events: SHORT_RUN.fixed[0]!.events,
          cluster,
          breaks: [c.breaks],
          replicas: c.replicas,
          stopOnViolation: true,
          ...(c.stallMs ? { convergeStallMs: c.stallMs } : {}),
          ...(c.pace === false ? { pace: false as const } : {}),
          ...(c.chaos ? { chaos: c.chaos } : {}),
          ...(c.apiJitterMs ? { apiJitterMs: c.apiJitterMs } : {}),
        });
      let result = await storm(c.seed);
      for (const seed of c.moreSeeds ?? []) {
        if (!result.ok) break;
        console.log(`      caught nothing; trying seed ${seed}`);
        result = await storm(seed);
      }
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
