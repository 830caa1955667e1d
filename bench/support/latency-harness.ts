/**
 * What the latency benchmarks (task-latency, webhook-latency) share: a control
 * plane with the CRDs installed, and functions started as their own Node
 * processes (`functions/main.ts <name>`, as a container runs them).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startControlPlane } from '../../scripts/control-plane/control-plane.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const run = promisify(execFile);

export interface BenchControlPlane {
  kubeconfig: string;
  stop: () => Promise<void>;
}

/** $KUBECONFIG when set (CRDs must be installed there), else a fresh local control plane with the CRDs. */
export async function benchControlPlane(name: string): Promise<BenchControlPlane> {
  if (process.env.KUBECONFIG) return { kubeconfig: process.env.KUBECONFIG, stop: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), `kelos-bench-${name}-`));
  const cp = await startControlPlane({ dir, detached: false });
  const kubectl = (args: string[]) =>
    run(join(cp.binDir, 'kubectl'), ['--kubeconfig', cp.kubeconfigPath, ...args]);
  await kubectl(['apply', '--server-side', '-f', join(ROOT, 'crds')]);
  await kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=60s']);
  return {
    kubeconfig: cp.kubeconfigPath,
    stop: async () => (await cp.stop(), await rm(dir, { recursive: true, force: true })),
  };
}

export interface FunctionProcess {
  url: string;
  child: ChildProcess;
}

/**
 * Starts one function as its own process on `port` and waits for /healthz.
 * `nodeArgs` go before the script (e.g. --cpu-prof).
 */
export async function startFunctionProcess(
  name: string,
  port: number,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<FunctionProcess> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', join(ROOT, 'functions', 'main.ts'), name],
    {
      env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`${name} did not become ready`);
}
