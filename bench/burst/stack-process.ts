/**
 * The local stack exactly as `npm start` runs it (scripts/dev/local-stack.ts:
 * a fresh embedded control plane, every function as its own process under its
 * own ServiceAccount, the local event plane; no local node), in a child process of its own so
 * that its CPU and memory are the event plane's and nothing of the bench's.
 * Ready when it prints its `ready` line; stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlPlaneState } from '../../scripts/control-plane/control-plane.js';

/** The node flags scripts/start.sh (`npm start`) runs the stack with: keep the two alike. */
export const STACK_NODE_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=50'];

export interface StackProcess {
  pid: number;
  stateDir: string;
  kubeconfig: string;
  controlPlane: ControlPlaneState;
  stop(): Promise<void>;
}

export async function startStackProcess(o: {
  root: string;
  env?: NodeJS.ProcessEnv;
  /** Extra node flags for the stack process only (diagnosis: --cpu-prof). */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}): Promise<StackProcess> {
  const stateDir = await mkdtemp(join(tmpdir(), 'kelos-burst-stack-'));
  // No local node: the burst measures the control path up to the Pod; a node would try to run N agents.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KELOS_LOCAL_NODE: 'off',
    ...o.env,
    KELOS_STATE_DIR: stateDir,
  };
  delete env.KUBECONFIG; // a fresh control plane per run, never the user's cluster
  const log = createWriteStream(join(stateDir, 'stack.log'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...STACK_NODE_FLAGS,
      ...(o.nodeArgs ?? []),
      '--import',
      'tsx',
      join(o.root, 'scripts', 'dev', 'local-stack.ts'),
    ],
    { cwd: o.root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr!.pipe(log);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`the local stack was not ready within ${o.readyTimeoutMs ?? 180_000} ms`)),
        o.readyTimeoutMs ?? 180_000,
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (!/^ready /m.test(out)) return;
        clearTimeout(timer);
        resolve();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(
          new Error(`the local stack exited with ${code} before it was ready (log: ${stateDir}/stack.log)`),
        );
      });
    });
    const controlPlane = JSON.parse(
      await readFile(join(stateDir, 'control-plane', 'state.json'), 'utf8'),
    ) as ControlPlaneState;
    return { pid: child.pid!, stateDir, kubeconfig: join(stateDir, 'kubeconfig'), controlPlane, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
