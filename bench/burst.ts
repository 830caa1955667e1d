/**
 * `npm run bench -- burst [N]`: N Tasks (default 1,000; 10,000 shows how the
 * cost grows) created with 20 concurrent creates against the local stack that
 * `npm start` runs (fresh control plane per run), and the floor: the same
 * Tasks and their Pods created by the bench itself with no function running.
 * Prints one table (wall time to the last Pod, Tasks/s, create→Pod
 * percentiles on the client clock and a watch, CPU-seconds and peak RSS per
 * process, API requests by verb and resource, 409s), checks exactly one Pod
 * per Task, and writes the figures to bench/results/burst-<N>-<time>.json.
 * Exits 1 when the check fails.
 *
 * `npm run bench -- burst N R` paces the stack's creates at R per second (the
 * floor stays unpaced: it measures what the API server can write): the p50 at
 * a rate the stack keeps up with, against the burst's queue.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRate } from './burst/create-tasks.js';
import { measureFloor } from './burst/floor.js';
import { measureStack } from './burst/run-stack.js';
import { formatBurstTable, type BurstResult } from './burst/table.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const NAMESPACE = 'bench-burst';
const CONCURRENCY = 20;

function currentCommit(): string {
  const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    return git(['rev-parse', '--short', 'HEAD']) + (git(['status', '--porcelain']) ? '+dirty' : '');
  } catch {
    return 'unknown';
  }
}

export async function main(count = 1000, ratePerSecond?: number): Promise<void> {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`burst: N must be a positive integer, got ${count}`);
  // Before the floor's half minute, not after it.
  checkRate(ratePerSecond);
  const date = new Date().toISOString();
  const loadAverage = loadavg();
  console.log(`burst: floor (${count} Tasks + ${count} Pods by the bench alone, fresh control plane) ...`);
  const floor = await measureFloor({ root: ROOT, namespace: NAMESPACE, count, concurrency: CONCURRENCY });
  console.log(
    `burst: the floor's warm-up Task (the API server's first Task write, not counted) took ${floor.warmUpMs.toFixed(0)} ms`,
  );
  const paced = ratePerSecond ? `, paced at ${ratePerSecond}/s` : '';
  console.log(`burst: the local stack (npm start, fresh control plane), ${count} Tasks${paced} ...`);
  const stack = await measureStack({
    root: ROOT,
    namespace: NAMESPACE,
    count,
    concurrency: CONCURRENCY,
    ratePerSecond,
  });
  const result: BurstResult = {
    date,
    commit: currentCommit(),
    count,
    concurrency: CONCURRENCY,
    ...(ratePerSecond ? { ratePerSecond } : {}),
    cpus: cpus().length,
    loadAverage,
    floor,
    stack,
  };
  console.log(formatBurstTable(result));
  const dir = join(ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = join(
    dir,
    `burst-${count}${ratePerSecond ? `-at-${ratePerSecond}` : ''}-${date.replace(/[:.]/g, '-')}.json`,
  );
  await writeFile(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`figures written to ${file}`);
  if (stack.problems.length > 0) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(
    process.argv[2] ? Number(process.argv[2]) : undefined,
    process.argv[3] ? Number(process.argv[3]) : undefined,
  ).then(
    () => process.exit(process.exitCode ?? 0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
