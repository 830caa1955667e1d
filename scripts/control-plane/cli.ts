/**
 * `npm run cluster:up` / `npm run cluster:down`: the embedded control plane
 * for local use, kept in .kelos/ (git-ignored) and running in the background.
 *   up      idempotent: reuses a healthy control plane, else starts a new one
 *   down    stops it and removes its data
 *   status  prints whether it runs
 */
import { readFile, rm, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startControlPlane, stopControlPlane, type ControlPlaneState } from './control-plane.js';
import { isAlive } from './processes.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const LOCAL_DIR = join(ROOT, '.kelos', 'control-plane');
export const LOCAL_KUBECONFIG = join(ROOT, '.kelos', 'kubeconfig');

export async function readState(dir = LOCAL_DIR): Promise<ControlPlaneState | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as ControlPlaneState;
  } catch {
    return undefined;
  }
}

export function isRunning(state: ControlPlaneState | undefined): state is ControlPlaneState {
  return !!state && isAlive(state.pids.apiserver) && isAlive(state.pids.etcd);
}

/** Starts the local control plane unless a healthy one is already there; returns its state. */
export async function up(): Promise<{ state: ControlPlaneState; reused: boolean }> {
  const existing = await readState();
  if (isRunning(existing)) return { state: existing, reused: true };
  if (existing) await stopControlPlane(existing);
  await rm(LOCAL_DIR, { recursive: true, force: true });
  await mkdir(LOCAL_DIR, { recursive: true });
  const cp = await startControlPlane({ dir: LOCAL_DIR, detached: true });
  await rm(LOCAL_KUBECONFIG, { force: true });
  const { copyFile } = await import('node:fs/promises');
  await copyFile(cp.kubeconfigPath, LOCAL_KUBECONFIG);
  return { state: { ...cp, kubeconfigPath: LOCAL_KUBECONFIG }, reused: false };
}

export async function down(): Promise<boolean> {
  const state = await readState();
  if (!state) return false;
  await stopControlPlane(state);
  await rm(LOCAL_DIR, { recursive: true, force: true });
  await rm(LOCAL_KUBECONFIG, { force: true });
  return true;
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const t0 = Date.now();
      const { state, reused } = await up();
      console.error(
        reused ? 'control plane already running' : `control plane started in ${Date.now() - t0} ms`,
      );
      console.error(`API server: ${state.server}`);
      console.error(`use it with: export KUBECONFIG=${LOCAL_KUBECONFIG}`);
      console.log(LOCAL_KUBECONFIG);
      return 0;
    }
    case 'down':
      console.error((await down()) ? 'control plane stopped' : 'no control plane was running');
      return 0;
    case 'status': {
      const state = await readState();
      const running = isRunning(state);
      console.log(running ? `running at ${state.server} (KUBECONFIG=${LOCAL_KUBECONFIG})` : 'not running');
      return running ? 0 : 1;
    }
    default:
      console.error('usage: cli.ts up|down|status');
      return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
