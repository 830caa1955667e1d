/**
 * `npm run storm -- --seed S --events N`: one storm (or several seeds in a
 * row) on a control plane of its own, printing the figures, and on failure
 * the seed, the replay command and the trace. `--shrink` re-runs shorter
 * prefixes of a failing schedule to find the shortest that still fails.
 * `npm run storm:long` is the long run (several seeds, 10,000 events each).
 */
import { Command } from 'commander';
import { BREAKABLE, type Breakable } from '../../functions/core/test-hooks/broken-guarantee.js';
import { stopCluster, useCluster } from '../support/cluster.js';
import { parseChaos, type ChaosRates } from './chaos-router.js';
import { formatFigures } from './short-run.js';
import { shrinkFailure } from './shrink.js';
import { replayCommand, runStorm, type StormCluster } from './storm.js';

const program = new Command('storm')
  .option('--seed <n>', 'seed (default: random)', (v) => Number.parseInt(v, 10))
  .option('--seeds <list>', 'several seeds, comma-separated', (v) =>
    v.split(',').map((s) => Number.parseInt(s, 10)),
  )
  .option('--events <n>', 'steps in the schedule', (v) => Number.parseInt(v, 10), 2000)
  .option('--replicas <n>', 'replicas of each function', (v) => Number.parseInt(v, 10), 2)
  .option(
    '--break <list>',
    `test-only broken guarantees (${BREAKABLE.join(', ')})`,
    (v) => v.split(',') as Breakable[],
  )
  .option(
    '--early-pod-deletes',
    'also delete Pods before their Task recorded them (as the short run in npm test does)',
  )
  .option(
    '--chaos <rates>',
    "event-layer rates, e.g. drop=0.05,duplicate=0.5,delay=0.35 (default: the storm's own schedule)",
    parseChaos,
  )
  .option('--api-jitter-ms <ms>', 'every API request waits up to this long (a slow API server)', (v) =>
    Number.parseInt(v, 10),
  )
  .option('--status-write-jitter-ms <ms>', 'Task status writes wait up to this long (stale writers)', (v) =>
    Number.parseInt(v, 10),
  )
  .option('--kubelet-finish-after-ms <ms>', 'finish each Pod this long after starting it', (v) =>
    Number.parseInt(v, 10),
  )
  .option('--shrink', 'on failure, find the shortest failing prefix')
  .option('--keep', 'keep function logs')
  .parse();

const opts = program.opts<{
  seed?: number;
  seeds?: number[];
  events: number;
  replicas: number;
  break?: Breakable[];
  shrink?: boolean;
  earlyPodDeletes?: boolean;
  chaos?: ChaosRates;
  apiJitterMs?: number;
  statusWriteJitterMs?: number;
  kubeletFinishAfterMs?: number;
  keep?: boolean;
}>();

async function main(): Promise<number> {
  const seeds = opts.seeds ?? [opts.seed ?? Math.floor(Math.random() * 1e9)];
  const c = await useCluster();
  await c.applyCrds();
  const cluster: StormCluster = {
    kubeconfigPath: c.kubeconfigPath,
    server: c.server,
    token: c.token,
    caFile: c.caFile,
  };
  let failed = 0;
  const t0 = Date.now();
  // What a replay command carries besides seed and events (storm.ts replayCommand).
  const shape = {
    replicas: opts.replicas,
    ...(opts.break ? { breaks: opts.break } : {}),
    ...(opts.chaos ? { chaos: opts.chaos } : {}),
    ...(opts.apiJitterMs ? { apiJitterMs: opts.apiJitterMs } : {}),
    ...(opts.statusWriteJitterMs ? { statusWriteJitterMs: opts.statusWriteJitterMs } : {}),
    ...(opts.kubeletFinishAfterMs !== undefined ? { kubeletFinishAfterMs: opts.kubeletFinishAfterMs } : {}),
  };
  for (const seed of seeds) {
    const run = (events: number, stopOnViolation = false) =>
      runStorm({
        seed,
        events,
        cluster,
        stopOnViolation,
        ...shape,
        ...(opts.keep ? { keep: true } : {}),
        ...(opts.earlyPodDeletes ? { earlyPodDeletes: true } : {}),
        log: (l) => console.error(l),
      });
    const result = await run(opts.events);
    console.log(formatFigures(result.figures));
    if (result.ok) continue;
    failed++;
    console.log(result.report);
    if (!opts.shrink) continue;
    // Shorter prefixes of the same schedule, bisecting towards the shortest that still fails.
    // Shrinking only asks whether a prefix fails: each try stops at its first violation.
    const shrunk = await shrinkFailure(
      opts.events,
      result,
      (n) => run(n, true),
      (events, r) => console.log(`shrink: ${events} events → ${r.ok ? 'passes' : 'fails'}`),
    );
    console.log(shrunk.report);
    console.log(`shortest failing prefix found: ${replayCommand({ seed, ...shape }, shrunk.shortest)}`);
  }
  console.log(
    `storm: ${seeds.length - failed}/${seeds.length} seeds passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  return failed === 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    await stopCluster();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(err);
    await stopCluster();
    process.exit(2);
  });
