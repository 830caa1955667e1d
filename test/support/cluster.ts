/**
 * The shared control plane for integration and e2e tests: one real etcd +
 * kube-apiserver + kube-controller-manager per mocha process, started on first
 * use and stopped by the root hook in global-hooks.ts (and, should the run be
 * killed, by scripts/control-plane/supervise.sh when this process is gone).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startControlPlane, type ControlPlane } from '../../scripts/control-plane/control-plane.js';

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface Cluster {
  kubeconfigPath: string;
  server: string;
  token: string;
  caFile: string;
  binDir: string;
  kubectl(args: string[], opts?: { input?: string }): Promise<KubectlResult>;
  newNamespace(prefix: string): Promise<string>;
  applyCrds(): Promise<void>;
}

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const CRD_DIR = join(REPO_ROOT, 'crds');

interface SharedState {
  starting?: Promise<{ cluster: Cluster; plane: ControlPlane; dir: string }> | undefined;
  crdsApplied?: Promise<void> | undefined;
  namespaceCounter: number;
}

/**
 * Kept on globalThis, not in module variables: mocha loads some spec files as
 * ESM and others through require, which can give this module two copies, and
 * both must share one control plane (and the root hook must stop it).
 */
const STATE_KEY = Symbol.for('kelos.dev/test-cluster');
const shared: SharedState =
  ((globalThis as Record<symbol, unknown>)[STATE_KEY] as SharedState | undefined) ??
  (((globalThis as Record<symbol, unknown>)[STATE_KEY] = {
    namespaceCounter: 0,
  } satisfies SharedState) as SharedState);

export function useCluster(): Promise<Cluster> {
  shared.starting ??= start();
  return shared.starting.then((s) => s.cluster);
}

/** Stops the shared control plane if this process started one. */
export async function stopCluster(): Promise<void> {
  if (!shared.starting) return;
  const s = await shared.starting.catch(() => undefined);
  shared.starting = undefined;
  shared.crdsApplied = undefined;
  if (!s) return;
  await s.plane.stop();
  if (!process.env.KELOS_KEEP_TEST_CLUSTER) await rm(s.dir, { recursive: true, force: true });
}

async function start(): Promise<{ cluster: Cluster; plane: ControlPlane; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'kelos-test-cp-'));
  const plane = await startControlPlane({ dir, detached: false });
  const kubectl = (args: string[], opts: { input?: string } = {}) =>
    runKubectl(join(plane.binDir, 'kubectl'), ['--kubeconfig', plane.kubeconfigPath, ...args], opts.input);
  const cluster: Cluster = {
    kubeconfigPath: plane.kubeconfigPath,
    server: plane.server,
    token: plane.token,
    caFile: plane.caFile,
    binDir: plane.binDir,
    kubectl,
    newNamespace: (prefix) => newNamespace(kubectl, prefix),
    applyCrds: () => (shared.crdsApplied ??= applyCrds(kubectl)),
  };
  return { cluster, plane, dir };
}

function runKubectl(bin: string, args: string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(bin, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolvePromise({ stdout, stderr, code });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

async function mustKubectl(kubectl: Cluster['kubectl'], args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input === undefined ? {} : { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (exit ${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** A fresh namespace whose `default` ServiceAccount exists, so Pods can be created at once. */
async function newNamespace(kubectl: Cluster['kubectl'], prefix: string): Promise<string> {
  const base = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 40)
    .replace(/-+$/, '');
  const name = `${base}-${process.pid.toString(36)}-${(shared.namespaceCounter++).toString(36)}`;
  await mustKubectl(kubectl, ['create', 'namespace', name]);
  for (let i = 0; i < 100; i++) {
    if ((await kubectl(['get', 'serviceaccount', 'default', '-n', name])).code === 0) return name;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `namespace ${name}: the default ServiceAccount did not appear (is kube-controller-manager running?)`,
  );
}

async function applyCrds(kubectl: Cluster['kubectl']): Promise<void> {
  const files = (await readdir(CRD_DIR)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));
  if (files.length === 0) throw new Error(`no CRDs found in ${CRD_DIR}`);
  await mustKubectl(kubectl, ['apply', '--server-side', '--field-manager=kelos-tests', '-f', CRD_DIR]);
  await mustKubectl(kubectl, ['wait', '--for=condition=Established', '--timeout=60s', '-f', CRD_DIR]);
}
