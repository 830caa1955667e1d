/** The one table `npm run bench -- burst` prints (pure: result in, text out). */
import { FUNCTION_NAMES } from '../../functions/names.js';
import type { FloorResult } from './floor.js';
import { EVENT_PLANE, type StackResult } from './run-stack.js';

export interface BurstResult {
  date: string;
  /** The commit measured (`+dirty` with uncommitted changes). */
  commit: string;
  count: number;
  concurrency: number;
  /** The stack's creates paced at this many per second (the floor never is). */
  ratePerSecond?: number;
  cpus: number;
  loadAverage: number[];
  floor: FloorResult;
  stack: StackResult;
}

const FUNCTIONS = new Set<string>(FUNCTION_NAMES);

export function functionsCpuSeconds(stack: StackResult): number {
  return stack.processes.filter((p) => FUNCTIONS.has(p.name)).reduce((s, p) => s + p.cpuSeconds, 0);
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (n: number) => `${n.toFixed(2)} ms`;
const row = (label: string, ...cols: string[]) =>
  `  ${label.padEnd(34)}${cols.map((c) => c.padStart(12)).join('')}`;

export function formatBurstTable(r: BurstResult): string {
  const { stack, floor, count } = r;
  const per = (n: number) => (n / count).toFixed(2);
  const fnCpu = functionsCpuSeconds(stack);
  // Everything the burst cost this machine: every process of the stack (or the floor's control plane) and the bench's own.
  const allCpu = stack.processes.reduce((a, p) => a + p.cpuSeconds, 0) + stack.benchCpuSeconds;
  const floorCpu = floor.controlPlaneCpuSeconds + floor.benchCpuSeconds;
  const lines = [
    `burst: ${count} Tasks, ${r.concurrency} concurrent creates${r.ratePerSecond ? ` paced at ${r.ratePerSecond}/s (the floor unpaced)` : ''}, ${r.cpus} CPUs, load average ${r.loadAverage
      .map((l) => l.toFixed(2))
      .join(' ')} at start (${r.date}, ${r.commit})`,
    row('', 'stack', 'floor'),
    row(
      'wall time to the last Pod',
      `${stack.wallSeconds.toFixed(1)} s`,
      `${floor.wallSeconds.toFixed(1)} s`,
    ),
    row(
      '  the first create returned at',
      `${stack.firstCreateMs.toFixed(0)} ms`,
      `${floor.firstCreateMs.toFixed(0)} ms`,
    ),
    row(
      '  the last create returned at',
      `${stack.createsSeconds.toFixed(1)} s`,
      `${floor.wallSeconds.toFixed(1)} s`,
    ),
    row('  ratio to the floor', `${(stack.wallSeconds / floor.wallSeconds).toFixed(2)}x`, '1.00x'),
    row('Tasks/s', stack.tasksPerSecond.toFixed(1), floor.tasksPerSecond.toFixed(1)),
    row('create→Pod p50 / p90 / p99', s(stack.latencyMs.p50), s(stack.latencyMs.p90), s(stack.latencyMs.p99)),
    row('Pods seen / Tasks Pending', `${stack.podsSeen}/${count}`, `${stack.tasksPending}/${count}`),
    row('one Pod per Task', stack.problems.length === 0 ? 'yes' : `NO (${stack.problems.length})`),
    row('settled after the last Pod', `${stack.settleSeconds.toFixed(1)} s`),
    '',
    row('process', 'CPU s', 'CPU s/1000', 'peak RSS', 'RSS before'),
    ...stack.processes.map((p) =>
      row(
        p.name,
        p.cpuSeconds.toFixed(1),
        ((p.cpuSeconds * 1000) / count).toFixed(1),
        mib(p.peakRssBytes),
        mib(p.startRssBytes),
      ),
    ),
    row('functions together', fnCpu.toFixed(1), ((fnCpu * 1000) / count).toFixed(1)),
    row(
      'kube-apiserver in the floor',
      floor.apiserverCpuSeconds.toFixed(1),
      ((floor.apiserverCpuSeconds * 1000) / count).toFixed(1),
    ),
    row('', 'stack', 'floor'),
    row("the bench's own client (CPU s)", stack.benchCpuSeconds.toFixed(1), floor.benchCpuSeconds.toFixed(1)),
    row('all processes (CPU s)', allCpu.toFixed(1), floorCpu.toFixed(1)),
    row('  per Task', ms((allCpu * 1000) / count), ms((floorCpu * 1000) / count)),
    '',
    row('API requests (verb resource)', 'stack', 'per Task', 'floor'),
    ...stack.requests
      .filter((q) => q.verb !== 'WATCH')
      .map((q) => {
        const f = floor.requests.find((x) => x.verb === q.verb && x.resource === q.resource)?.count ?? 0;
        return row(`${q.verb} ${q.resource}`, String(q.count), per(q.count), String(f));
      }),
    row(
      'all (WATCH excluded)',
      String(stack.requests.filter((q) => q.verb !== 'WATCH').reduce((a, q) => a + q.count, 0)),
      per(stack.requests.filter((q) => q.verb !== 'WATCH').reduce((a, q) => a + q.count, 0)),
      String(floor.requests.filter((q) => q.verb !== 'WATCH').reduce((a, q) => a + q.count, 0)),
    ),
    row('409 (Conflict, AlreadyExists)', 'count'),
    ...(stack.conflicts.length === 0
      ? [row('  none', '0')]
      : stack.conflicts.map((c) => row(`  ${c.verb} ${c.resource}`, String(c.count)))),
  ];
  if (stack.problems.length > 0) lines.push('', 'PROBLEMS:', ...stack.problems.map((p) => `  ${p}`));
  return lines.join('\n');
}

export { EVENT_PLANE };
