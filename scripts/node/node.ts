/**
 * A real Kubernetes node beside the embedded control plane: containerd (its
 * own root, state and socket), the kubelet and kube-scheduler, with the
 * settings of LOCAL-NODE.md. Each node takes a slot (bridge, subnet,
 * cgroupRoot) so several can run on one machine. stop() ends the processes and
 * restores the host; if this process dies instead, guard.sh does the same.
 */
import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LOCAL_NODE_NAME } from '../control-plane/credentials.js';
import { freePorts } from '../control-plane/ports.js';
import { sleep, startProcess, stopPid } from '../control-plane/processes.js';
import { claimSlot, prepareBridge, prepareCgroups, restoreHost, type RestoreReport } from './host.js';
import { importImages } from './images.js';
import type { LocalImages } from './local-images.js';
import {
  nodeSettings,
  renderCniConfig,
  renderContainerdConfig,
  renderKubeletConfig,
  renderKubeletKubeconfig,
  RUN_DIR,
  type NodeSettings,
} from './settings.js';

const run = promisify(execFile);
const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../..');

/** What the node needs of the control plane (ControlPlaneState has it all). */
export interface NodeControlPlane {
  server: string;
  caFile: string;
  kubeconfigPath: string;
  binDir: string;
  nodeToken: string;
  kubeletClientCaFile: string;
}

export interface NodeOptions {
  controlPlane: NodeControlPlane;
  /** The node's state folder (made if missing; removed by stop()). */
  dir: string;
  /** docker-archive images to import (local-images.ts); the pause image is containerd's sandbox image. */
  images: LocalImages;
  /** Detached processes outlive this one (`npm run node:up`); attached ones die with it. */
  detached?: boolean;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}

export interface NodeState {
  settings: NodeSettings;
  images: string[];
  pids: { containerd: number; kubelet: number; scheduler: number; guard?: number };
  startedMs: number;
}

export interface LocalNode extends NodeState {
  stop(): Promise<RestoreReport>;
}

export class NodeUnavailable extends Error {}

/** Whether this machine can run a node at all, and why not. */
export function nodeSupport(): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})` };
  if (process.getuid?.() !== 0)
    return { ok: false, reason: 'not root (containerd, runc, CNI and cgroups need root)' };
  if (!existsSync('/sys/fs/cgroup')) return { ok: false, reason: 'no /sys/fs/cgroup' };
  return { ok: true };
}

export function cacheRoot(env: NodeJS.ProcessEnv): string {
  return env.KELOS_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kelos');
}

/** Runs a script of this folder; its stderr (progress) passes through, its last stdout line is returned. */
function script(path: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((res, rej) => {
    const child = spawn('bash', [path], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? 1, out: out.trim().split('\n').pop() ?? '' }));
  });
}

/** The Debian packages the node needs (install.sh: installs what is missing, root only). */
export async function ensureNodePackages(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const install = await script(join(HERE, 'install.sh'), env);
  if (install.code === 3)
    throw new NodeUnavailable('the node packages are missing and cannot be installed here');
  if (install.code !== 0)
    throw new Error(`installing the node packages failed (exit ${install.code}); see [node] lines above`);
}

async function kubectlJson(cp: NodeControlPlane, args: string[]): Promise<unknown> {
  const { stdout } = await run(join(cp.binDir, 'kubectl'), [
    '--kubeconfig',
    cp.kubeconfigPath,
    ...args,
    '-o',
    'json',
  ]);
  return JSON.parse(stdout);
}

interface NodeObject {
  spec?: { taints?: { key: string; effect: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

/** Ready and without the not-ready taint (node-lifecycle lifts it), so Pods schedule. */
async function waitSchedulable(
  cp: NodeControlPlane,
  name: string,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not registered';
  while (Date.now() < deadline) {
    try {
      const node = (await kubectlJson(cp, ['get', 'node', name])) as NodeObject;
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      const taints = (node.spec?.taints ?? []).filter(
        (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
      );
      if (ready && taints.length === 0) return;
      last = ready ? `tainted ${taints.map((t) => t.key).join(', ')}` : 'not Ready';
    } catch {
      // not registered yet
    }
    await sleep(200);
  }
  throw new Error(
    `node ${name} did not become schedulable within ${timeoutMs} ms (${last}); kubelet log: ${logFile}`,
  );
}

async function waitContainerd(
  socket: string,
  child: { exitCode: number | null },
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (existsSync(socket)) {
      const ok = await run('ctr', ['--address', socket, 'version']).then(
        () => true,
        () => false,
      );
      if (ok) return;
    }
    await sleep(100);
  }
  throw new Error(`containerd did not answer on ${socket}; log: ${logFile}`);
}

export async function startNode(o: NodeOptions): Promise<LocalNode> {
  const t0 = Date.now();
  const env = o.env ?? process.env;
  const log = o.log ?? ((l: string) => console.error(`[node] ${l}`));
  const support = nodeSupport();
  if (!support.ok) throw new NodeUnavailable(support.reason);
  await ensureNodePackages(env);
  const dir = resolve(o.dir);
  await mkdir(dir, { recursive: true });
  const [kubeletPort, schedulerPort] = await freePorts(2);
  const slot = await claimSlot(
    { pid: process.pid, dir, startedAt: new Date().toISOString() },
    async (n, stale) => {
      log(`slot ${n}: restoring what a stopped run (pid ${stale.pid}) left`);
      await restoreSlot(n, stale.dir);
    },
  );
  const s = nodeSettings({
    slot,
    dir,
    cacheRoot: cacheRoot(env),
    nodeName: LOCAL_NODE_NAME,
    kubeletPort: kubeletPort!,
    sandboxImage: o.images.pause.ref,
  });
  const p = s.paths;
  await writeFile(join(s.runDir, 'settings.json'), JSON.stringify(s, null, 2));
  const pids: number[] = [];
  let guard: number | undefined;
  const stop = async (): Promise<RestoreReport> => {
    for (const pid of [...pids].reverse()) await stopPid(pid, 5000);
    const report = await restoreHost(s);
    if (guard) await stopPid(guard, 2000);
    await rm(s.runDir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
    return report;
  };
  try {
    for (const d of [
      p.containerdRoot,
      p.containerdState,
      p.runcRoot,
      p.cniConfDir,
      p.cniIpamDir,
      p.kubeletRoot,
      p.kubeletCertDir,
      p.podLogsDir,
      p.volumePluginDir,
      p.logDir,
    ])
      await mkdir(d, { recursive: true });
    if (!o.detached) guard = startGuard(s);
    await prepareCgroups(s);
    await prepareBridge(s);
    await writeFile(p.containerdConfig, renderContainerdConfig(s));
    await writeFile(join(p.cniConfDir, '10-kelos.conflist'), renderCniConfig(s));
    await writeFile(p.kubeletConfig, renderKubeletConfig(s, o.controlPlane.kubeletClientCaFile));
    await writeFile(
      p.kubeletKubeconfig,
      renderKubeletKubeconfig({
        server: o.controlPlane.server,
        caFile: o.controlPlane.caFile,
        token: o.controlPlane.nodeToken,
      }),
      { mode: 0o600 },
    );
    const detached = o.detached ?? false;
    const containerdLog = join(p.logDir, 'containerd.log');
    const containerd = startProcess({
      name: 'containerd',
      command: 'containerd',
      args: ['--config', p.containerdConfig],
      logFile: containerdLog,
      detached,
    });
    pids.push(containerd.pid!);
    await waitContainerd(p.containerdSocket, containerd, containerdLog);
    const images = await importImages({
      socket: p.containerdSocket,
      markerDir: join(s.cacheDir, 'imported'),
      tars: [o.images.pause.tar, ...o.images.others.map((i) => i.tar)],
      log,
    });
    const kubeletLog = join(p.logDir, 'kubelet.log');
    const kubelet = startProcess({
      name: 'kubelet',
      command: join(o.controlPlane.binDir, 'kubelet'),
      args: [
        `--config=${p.kubeletConfig}`,
        `--kubeconfig=${p.kubeletKubeconfig}`,
        `--root-dir=${p.kubeletRoot}`,
        `--cert-dir=${p.kubeletCertDir}`,
        `--hostname-override=${s.nodeName}`,
        '--v=1',
      ],
      logFile: kubeletLog,
      detached,
    });
    pids.push(kubelet.pid!);
    const scheduler = startProcess({
      name: 'kube-scheduler',
      command: join(o.controlPlane.binDir, 'kube-scheduler'),
      args: [
        `--kubeconfig=${o.controlPlane.kubeconfigPath}`,
        `--authentication-kubeconfig=${o.controlPlane.kubeconfigPath}`,
        `--authorization-kubeconfig=${o.controlPlane.kubeconfigPath}`,
        '--leader-elect=false',
        '--bind-address=127.0.0.1',
        `--secure-port=${schedulerPort}`,
        '--v=1',
      ],
      logFile: join(p.logDir, 'kube-scheduler.log'),
      detached,
    });
    pids.push(scheduler.pid!);
    await waitSchedulable(o.controlPlane, s.nodeName, o.readyTimeoutMs ?? 90_000, kubeletLog);
    const state: NodeState = {
      settings: s,
      images,
      pids: {
        containerd: containerd.pid!,
        kubelet: kubelet.pid!,
        scheduler: scheduler.pid!,
        ...(guard ? { guard } : {}),
      },
      startedMs: Date.now() - t0,
    };
    // A detached node outlives this process: its claim then names containerd as the owner.
    if (detached)
      await writeFile(
        join(s.runDir, 'owner.json'),
        JSON.stringify({ pid: containerd.pid, dir, startedAt: new Date().toISOString() }),
      );
    await writeFile(join(dir, 'node.json'), JSON.stringify(state, null, 2));
    return { ...state, stop };
  } catch (err) {
    await stop().catch((e: unknown) => log(`stopping after a failed start: ${String(e)}`));
    throw err;
  }
}

/**
 * Restores a slot from the settings its run left in /run/kelos-node (guard.sh,
 * `node:down`, a new run finding a stale claim). `dir`: the state folder to
 * assume when the run died before writing its settings.
 */
export async function restoreSlot(slot: number, dir?: string): Promise<RestoreReport | undefined> {
  const runDir = join(RUN_DIR, String(slot));
  let s: NodeSettings;
  try {
    s = JSON.parse(await readFile(join(runDir, 'settings.json'), 'utf8')) as NodeSettings;
  } catch {
    if (!dir) return undefined;
    s = nodeSettings({
      slot,
      dir,
      cacheRoot: cacheRoot(process.env),
      nodeName: LOCAL_NODE_NAME,
      kubeletPort: 0,
      sandboxImage: '',
    });
  }
  const report = await restoreHost(s);
  await rm(runDir, { recursive: true, force: true });
  await rm(s.dir, { recursive: true, force: true });
  return report;
}

/**
 * guard.sh watches this process; when it is gone without having stopped the
 * node (SIGKILL, crash), it restores the host. Its own session: a Ctrl-C to
 * the terminal's process group does not end it before it can do that.
 */
function startGuard(s: NodeSettings): number {
  const child = spawn('bash', [join(HERE, 'guard.sh'), String(process.pid), String(s.slot)], {
    cwd: ROOT,
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child.pid!;
}
