/**
 * What a node changes on the host, and putting it back: the slot's cgroupRoot
 * in every cgroup hierarchy, its bridge, the processes and mounts under its
 * folders, the kubelet's KUBE-* iptables chains, containerd's /run leftovers.
 * restoreHost() is safe to run more than once and after a crash.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isAlive, sleep } from '../control-plane/processes.js';
import type { NodeSettings } from './settings.js';
import { MAX_SLOTS, RUN_DIR } from './settings.js';

const run = promisify(execFile);
const CGROUP_FS = '/sys/fs/cgroup';

async function sh(cmd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await run(cmd, args, { maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, out: r.stdout };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return { ok: false, out: e.stderr ?? e.message };
  }
}

async function must(cmd: string, args: string[]): Promise<string> {
  const r = await sh(cmd, args);
  if (!r.ok) throw new Error(`${cmd} ${args.join(' ')}: ${r.out.trim()}`);
  return r.out;
}

export interface SlotOwner {
  pid: number;
  dir: string;
  startedAt: string;
}

/**
 * Claims the first free slot (mkdir is atomic, so two starts never share one).
 * A slot whose owner process is gone is restored first, then reused.
 */
export async function claimSlot(
  owner: SlotOwner,
  restoreStale: (slot: number, stale: SlotOwner) => Promise<void>,
): Promise<number> {
  await mkdir(RUN_DIR, { recursive: true });
  for (let slot = 0; slot < MAX_SLOTS; slot++) {
    const dir = join(RUN_DIR, String(slot));
    const stale = await readOwner(slot);
    if (stale && !isAlive(stale.pid)) {
      await restoreStale(slot, stale);
      await rm(dir, { recursive: true, force: true });
    }
    try {
      await mkdir(dir);
    } catch (err) {
      // RUN_DIR removed meanwhile by a node that restored the host as the last one: make it again.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        await mkdir(RUN_DIR, { recursive: true });
        slot--;
      }
      continue;
    }
    await writeFile(join(dir, 'owner.json'), JSON.stringify(owner));
    return slot;
  }
  throw new Error(`no free node slot in ${RUN_DIR} (${MAX_SLOTS} nodes already run on this machine)`);
}

export async function readOwner(slot: number): Promise<SlotOwner | undefined> {
  try {
    return JSON.parse(await readFile(join(RUN_DIR, String(slot), 'owner.json'), 'utf8')) as SlotOwner;
  } catch {
    return undefined;
  }
}

/** Slots whose owner is alive, other than `except`. */
export async function liveSlots(except: number): Promise<number[]> {
  const names = existsSync(RUN_DIR) ? await readdir(RUN_DIR) : [];
  const live: number[] = [];
  for (const n of names) {
    const slot = Number(n);
    if (!Number.isInteger(slot) || slot === except) continue;
    const owner = await readOwner(slot);
    if (owner && isAlive(owner.pid)) live.push(slot);
  }
  return live;
}

/** Mounted cgroup hierarchies (v1 controllers and the unified v2 one). */
async function cgroupHierarchies(): Promise<string[]> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  return mountinfo
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => {
      const sep = f.indexOf('-');
      return sep > 0 && (f[sep + 1] === 'cgroup' || f[sep + 1] === 'cgroup2');
    })
    .map((f) => f[4]!)
    .filter((p) => p.startsWith(CGROUP_FS));
}

/** The kubelet needs a non-default cgroupRoot to exist in every v1 hierarchy. */
export async function prepareCgroups(s: NodeSettings): Promise<void> {
  for (const h of await cgroupHierarchies()) {
    const dir = join(h, s.cgroupRoot);
    await mkdir(dir, { recursive: true });
    if (existsSync(join(h, 'cpuset.cpus'))) {
      // A new cpuset cgroup starts empty; no task can join it until cpus and mems are set.
      for (const f of ['cpuset.cpus', 'cpuset.mems'])
        if (!(await readFile(join(dir, f), 'utf8')).trim())
          await writeFile(join(dir, f), await readFile(join(h, f), 'utf8'));
    }
  }
}

/** The slot's bridge with its gateway address, made before any Pod so the run's servers can listen on it. */
export async function prepareBridge(s: NodeSettings): Promise<void> {
  if (!existsSync(`/sys/class/net/${s.bridge}`)) {
    await must('ip', ['link', 'add', s.bridge, 'type', 'bridge']);
  }
  const addrs = await must('ip', ['-4', '-o', 'addr', 'show', 'dev', s.bridge]);
  if (!addrs.includes(`${s.gateway}/`)) await must('ip', ['addr', 'add', `${s.gateway}/24`, 'dev', s.bridge]);
  await must('ip', ['link', 'set', s.bridge, 'up']);
}

/** Pids whose command line mentions `needle` (containerd shims carry their containerd's socket path). */
async function pidsMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      if (cmdline.some((a) => a.includes(needle))) pids.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function cgroupDirs(root: string): Promise<string[]> {
  // Deepest first, so rmdir can take children before parents.
  const out: string[] = [];
  const walk = async (dir: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) await walk(join(dir, e.name));
    out.push(dir);
  };
  await walk(root);
  return out;
}

async function cgroupPids(dirs: string[]): Promise<number[]> {
  const pids = new Set<number>();
  for (const d of dirs) {
    try {
      for (const l of (await readFile(join(d, 'cgroup.procs'), 'utf8')).split('\n'))
        if (l.trim()) pids.add(Number(l));
    } catch {
      // not there
    }
  }
  return [...pids];
}

function killAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

async function waitGone(pids: number[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!pids.some(isAlive)) return true;
    await sleep(50);
  }
  return !pids.some(isAlive);
}

/** Mount points under any of `roots`, deepest first. */
async function mountsUnder(roots: string[]): Promise<string[]> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  return mountinfo
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((m): m is string => !!m)
    .map((m) => m.replace(/\\040/g, ' '))
    .filter((m) => roots.some((r) => m === r || m.startsWith(`${r}/`)))
    .sort((a, b) => b.length - a.length);
}

/** iptables chains named KUBE-* (the kubelet's) in one table. */
async function kubeChains(table: string): Promise<string[]> {
  const r = await sh('iptables', ['-w', '-t', table, '-S']);
  if (!r.ok) return [];
  return r.out
    .split('\n')
    .filter((l) => l.startsWith('-N KUBE-'))
    .map((l) => l.slice(3).trim());
}

async function removeKubeChains(): Promise<void> {
  for (const table of ['filter', 'nat', 'mangle']) {
    const chains = await kubeChains(table);
    if (chains.length === 0) continue;
    // Rules elsewhere that jump to them go first, then the chains themselves.
    const rules = (await sh('iptables', ['-w', '-t', table, '-S'])).out.split('\n');
    for (const rule of rules) {
      const m = /^-A (\S+) (.*)-j (KUBE-\S+)/.exec(rule);
      if (m && !m[1]!.startsWith('KUBE-'))
        await sh('bash', ['-c', `iptables -w -t ${table} -D ${rule.slice(3)}`]);
    }
    for (const c of chains) await sh('iptables', ['-w', '-t', table, '-F', c]);
    for (const c of chains) await sh('iptables', ['-w', '-t', table, '-X', c]);
  }
}

/** Stale shim sockets under /run/containerd (containerd 1.6 puts them there whatever its config says). */
async function removeStaleContainerdRun(): Promise<void> {
  const dir = '/run/containerd/s';
  if (!existsSync(dir)) return;
  const listening = new Set(
    (await readFile('/proc/net/unix', 'utf8'))
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[7])
      .filter((p): p is string => !!p),
  );
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if (!listening.has(path) && !listening.has(`@${path}`)) await rm(path, { force: true });
  }
  for (const d of [dir, '/run/containerd']) await rmdir(d).catch(() => undefined);
}

export interface RestoreReport {
  killed: number;
  unmounted: number;
  problems: string[];
}

/**
 * Puts the host back as it was before the node of this slot: ends every
 * process the node left (containers, shims), unmounts, removes the bridge,
 * the slot's cgroups, the KUBE-* chains (only when no other node runs) and
 * containerd's /run leftovers. Best effort on each item; what could not be
 * undone is listed in `problems`.
 */
export async function restoreHost(
  s: Pick<NodeSettings, 'slot' | 'dir' | 'runDir' | 'bridge' | 'cgroupRoot' | 'paths'>,
): Promise<RestoreReport> {
  const problems: string[] = [];
  const hierarchies = await cgroupHierarchies();
  const dirs = (await Promise.all(hierarchies.map((h) => cgroupDirs(join(h, s.cgroupRoot))))).flat();
  // The node's own processes first (a kubelet left running would restart containers),
  // then the containers in the slot's cgroups and the shims of its containerd.
  const own = await pidsMentioning(s.dir);
  killAll(own, 'SIGKILL');
  await waitGone(own, 5000);
  const pids = [
    ...new Set([...(await cgroupPids(dirs)), ...(await pidsMentioning(s.paths.containerdSocket))]),
  ];
  killAll(pids, 'SIGKILL');
  if (!(await waitGone(pids, 5000)))
    problems.push(`processes still alive: ${pids.filter(isAlive).join(' ')}`);

  const mounts = await mountsUnder([s.dir, s.runDir]);
  for (const m of mounts) {
    // Unmounting one can take others with it (propagation): only a mount still there is a problem.
    if (!(await mountsUnder([m])).includes(m)) continue;
    if (!(await sh('umount', [m])).ok) await sh('umount', ['-l', m]);
  }
  for (const m of await mountsUnder([s.dir, s.runDir])) problems.push(`still mounted: ${m}`);

  if (existsSync(`/sys/class/net/${s.bridge}`)) {
    const r = await sh('ip', ['link', 'del', s.bridge]);
    if (!r.ok) problems.push(`ip link del ${s.bridge}: ${r.out.trim()}`);
  }

  for (const d of dirs) {
    try {
      await rmdir(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`rmdir ${d}: ${String(err)}`);
    }
  }

  if ((await liveSlots(s.slot)).length === 0) {
    await removeKubeChains();
    await removeStaleContainerdRun();
  }
  await rm(s.runDir, { recursive: true, force: true });
  // Fails while other slots are there; a node claiming one meanwhile makes it again (claimSlot).
  await rmdir(RUN_DIR).catch(() => undefined);
  return { killed: pids.length, unmounted: mounts.length, problems };
}

/** What is left of a slot on the host; empty when restoreHost() did its job. */
export async function leftovers(
  s: Pick<NodeSettings, 'slot' | 'dir' | 'runDir' | 'bridge' | 'cgroupRoot' | 'paths'>,
): Promise<string[]> {
  const left: string[] = [];
  for (const m of await mountsUnder([s.dir, s.runDir])) left.push(`mount ${m}`);
  if (existsSync(`/sys/class/net/${s.bridge}`)) left.push(`bridge ${s.bridge}`);
  for (const h of await cgroupHierarchies())
    if (existsSync(join(h, s.cgroupRoot))) left.push(`cgroup ${join(h, s.cgroupRoot)}`);
  for (const pid of await pidsMentioning(s.paths.containerdSocket)) left.push(`process ${pid}`);
  for (const pid of await pidsMentioning(s.dir)) left.push(`process ${pid}`);
  if (existsSync(s.runDir)) left.push(`folder ${s.runDir}`);
  // Shared by all nodes on the machine: only ours to judge when no other node runs.
  if ((await liveSlots(s.slot)).length === 0) {
    if (existsSync('/run/containerd')) left.push('folder /run/containerd');
    if (existsSync(RUN_DIR) && (await readdir(RUN_DIR)).length === 0) left.push(`folder ${RUN_DIR}`);
    for (const table of ['filter', 'nat', 'mangle'])
      for (const c of await kubeChains(table)) left.push(`iptables ${table} ${c}`);
  }
  return left;
}
