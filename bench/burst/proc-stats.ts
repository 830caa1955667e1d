/**
 * CPU and memory of the processes a burst runs, read from Linux /proc:
 * `/proc/<pid>/stat` (utime + stime, in clock ticks) and `/proc/<pid>/status`
 * (VmHWM, the peak resident set). Processes are found by walking the tree
 * under the stack's process and named by their command line.
 */
import { readdir, readFile } from 'node:fs/promises';

/** Linux reports CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

export interface ProcSample {
  cpuSeconds: number;
  peakRssBytes: number;
  rssBytes: number;
}

/** utime + stime from a /proc/<pid>/stat line (fields 14 and 15; the name in parentheses may hold spaces). */
export function parseStatCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The parent pid from a /proc/<pid>/stat line (field 4). */
export function parseStatParent(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** VmHWM (peak RSS) from /proc/<pid>/status, in bytes; 0 when absent (a zombie). */
export function parseStatusPeakRss(status: string): number {
  return statusKb(status, 'VmHWM');
}

/** VmRSS (RSS now) from /proc/<pid>/status, in bytes. */
export function parseStatusRss(status: string): number {
  return statusKb(status, 'VmRSS');
}

function statusKb(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * What a process is, from its argv: a function (`run-function.js <name>`),
 * a control-plane binary, or undefined for the shells and supervisors in between.
 */
export function classifyProcess(argv: readonly string[]): string | undefined {
  const exe = (argv[0] ?? '').split('/').pop() ?? '';
  const runFn = argv.findIndex((a) => a.endsWith('run-function.js'));
  // The node process itself, not the supervising shell whose argv also names the script.
  if (exe.startsWith('node') && runFn >= 0 && argv[runFn + 1]) return argv[runFn + 1];
  if (['kube-apiserver', 'etcd', 'kube-controller-manager', 'kubelet', 'kube-scheduler'].includes(exe))
    return exe;
  return undefined;
}

export async function sampleProcess(pid: number): Promise<ProcSample | undefined> {
  try {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/status`, 'utf8'),
    ]);
    return {
      cpuSeconds: parseStatCpuSeconds(stat),
      peakRssBytes: parseStatusPeakRss(status),
      rssBytes: parseStatusRss(status),
    };
  } catch {
    return undefined; // gone
  }
}

/** Every descendant of `root` (not root itself), by walking /proc's parent links. */
export async function descendants(root: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    if (!stat) continue;
    const parent = parseStatParent(stat);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The named processes under `root` (functions, control-plane binaries), plus `root` itself as `rootName`. */
export async function namedProcesses(root: number, rootName: string): Promise<Map<string, number>> {
  const named = new Map<string, number>([[rootName, root]]);
  for (const pid of await descendants(root)) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    const name = classifyProcess(cmdline.split('\0').filter(Boolean));
    if (name && !named.has(name)) named.set(name, pid);
  }
  return named;
}

/** One sample of each named process (the gone ones left out). */
export async function sampleAll(procs: Map<string, number>): Promise<Map<string, ProcSample>> {
  const out = new Map<string, ProcSample>();
  for (const [name, pid] of procs) {
    const sample = await sampleProcess(pid);
    if (sample) out.set(name, sample);
  }
  return out;
}

/** CPU-seconds of every process in a sample together. */
export const totalCpu = (samples: Map<string, { cpuSeconds: number }>): number =>
  [...samples.values()].reduce((sum, x) => sum + x.cpuSeconds, 0);
