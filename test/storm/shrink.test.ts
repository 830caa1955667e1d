/**
 * `--shrink` exercised for real: a storm with the branch Lease broken fails;
 * shrinking finds a shorter prefix of its schedule that still fails, whose
 * report names its own replay command, and running that command's options
 * again fails again (within three runs: timing does not replay exactly).
 */
import { expect } from 'chai';
import { stormCluster } from './storm-cluster.js';
import { shrinkFailure } from './shrink.js';
import { replayCommand, runStorm, type StormCluster, type StormOptions } from './storm.js';

describe('storm: --shrink finds a shorter failing prefix that replays', function () {
  this.timeout(10 * 60_000);
  let cluster: StormCluster;
  before(async function () {
    this.timeout(180_000);
    cluster = await stormCluster();
  });

  it('KELOS_TEST_BREAK=branch-lease: shrunk below the first failing length, and its replay fails again', async () => {
    const options = (events: number): StormOptions => ({
      seed: 21,
      events,
      cluster,
      replicas: 1,
      breaks: ['branch-lease'],
      stopOnViolation: true,
    });
    const events = 400;
    const first = await runStorm(options(events));
    expect(first.ok, 'the storm passed with the branch Lease broken').to.equal(false);
    const tried: string[] = [];
    const shrunk = await shrinkFailure(
      events,
      first,
      (n) => runStorm(options(n)),
      (n, r) => tried.push(`${n} ${r.ok ? 'passes' : 'fails'}`),
      // Coarse: each try starts the functions again; a few halvings prove the point.
      Math.ceil((first.failingPrefix ?? events) / 6),
    );
    console.log(
      `      first failing prefix ${first.failingPrefix}; tried ${tried.join(', ')}; shortest ${shrunk.shortest}`,
    );
    expect(shrunk.shortest).to.be.below(events);
    expect(shrunk.tries.some((t) => t.failed && t.events === shrunk.shortest)).to.equal(true);
    const command = replayCommand(options(shrunk.shortest), shrunk.shortest);
    expect(shrunk.report).to.contain(`replay: ${command}`);
    // The shortest prefix seen failing sits at the edge by construction, and thread timing does not
    // replay exactly (shrink.ts): its replay passed once in CI (2026-12-04). It counts as replaying
    // when one of three runs fails again.
    const replays: boolean[] = [];
    let replay = await runStorm(options(shrunk.shortest));
    replays.push(replay.ok);
    while (replay.ok && replays.length < 3) {
      replay = await runStorm(options(shrunk.shortest));
      replays.push(replay.ok);
    }
    console.log(
      `      replays of ${shrunk.shortest} events: ${replays.map((ok) => (ok ? 'passed' : 'failed')).join(', ')}`,
    );
    expect(replay.ok, `${command} passed ${replays.length} times in a row`).to.equal(false);
    expect(replay.violations.map((v) => v.invariant)).to.include('one-task-per-branch');
  });
});
