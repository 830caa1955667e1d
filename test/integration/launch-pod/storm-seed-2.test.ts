/**
 * The storm schedule that found the second Pod for one Task, kept as a
 * regression case: `npm run storm -- --seed 2 --events 446 --early-pod-deletes`
 * (Pods are also deleted before their Task recorded them). The step-by-step
 * replay of the race is stale-launch.test.ts; this runs the whole storm
 * (real functions from dist/, two replicas each, faults, an API server
 * restart) and expects every invariant to hold. About a minute on a quiet
 * machine.
 */
import { expect } from 'chai';
import { stormCluster } from '../../storm/storm-cluster.js';
import { formatFigures } from '../../storm/short-run.js';
import { runStorm, type StormCluster } from '../../storm/storm.js';

describe('regression: storm seed 2, 446 events, early Pod deletes', function () {
  this.timeout(10 * 60_000);
  let cluster: StormCluster;
  before(async function () {
    this.timeout(180_000);
    cluster = await stormCluster();
  });

  it('never gives a Task a second Pod (and every other invariant holds)', async () => {
    const result = await runStorm({ seed: 2, events: 446, cluster, earlyPodDeletes: true });
    console.log(formatFigures(result.figures, '      '));
    expect(result.ok, result.report).to.equal(true);
  });
});
