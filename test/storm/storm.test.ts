/**
 * The short storm in the normal suite: several fixed seeds and one random
 * seed (printed, so a failure can be replayed with `npm run storm -- --seed S
 * --events N`), each a seeded schedule of workload and faults against the
 * real functions (processes from dist/, two replicas each) on the real API
 * server, the invariants checked from a watch as it runs and after the
 * faults stop. A failure prints the seed, the replay command and the trace
 * that shows it.
 */
import { expect } from 'chai';
import { stormCluster } from './storm-cluster.js';
import { runStorm, type StormCluster } from './storm.js';
import { SHORT_RUN, formatFigures } from './short-run.js';

describe('storm: seeded random events and faults, invariants from a watch', function () {
  this.timeout(20 * 60_000);
  let cluster: StormCluster;
  before(async function () {
    this.timeout(180_000);
    cluster = await stormCluster();
  });

  const random = Math.floor(Math.random() * 1e9);
  for (const { seed, events } of [...SHORT_RUN.fixed, { seed: random, events: SHORT_RUN.randomEvents }]) {
    it(`seed ${seed}${seed === random ? ' (random)' : ''}, ${events} events: every invariant holds`, async () => {
      console.log(
        `      storm seed ${seed} (replay: npm run storm -- --seed ${seed} --events ${events} --early-pod-deletes)`,
      );
      // Progress while converging (every 10 s), so a slow run in CI shows where it waits.
      // Pods are deleted at any moment, also before their Task recorded them (closed by the agent Pods' finalizer).
      const result = await runStorm({
        seed,
        events,
        cluster,
        earlyPodDeletes: true,
        log: (l) => console.log(`      ${l}`),
      });
      console.log(formatFigures(result.figures, '      '));
      expect(result.ok, result.report).to.equal(true);
    });
  }
});
