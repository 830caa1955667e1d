/**
 * One function as its own process (`node scripts/run-function.js <name>`),
 * as a Knative revision would run it: PORT, KUBECONFIG and the SinkBinding's
 * K_SINK in its environment, ready when GET /healthz answers, restarted after
 * a crash (as a Deployment would), logs appended to a file. `pid()` is the
 * supervisor's; the function is its child.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts } from '../control-plane/ports.js';

export interface FunctionProcess {
  name: string;
  url: string;
  pid(): number | undefined;
  stop(): Promise<void>;
}

export interface FunctionProcessOptions {
  root: string;
  name: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  log: (line: string) => void;
  readyTimeoutMs?: number;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms`);
}

export async function startFunctionProcess(o: FunctionProcessOptions): Promise<FunctionProcess> {
  const [port] = await freePorts(1);
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let stopping = false;
  const launch = () => {
    const out = openSync(o.logFile, 'a');
    try {
      // Own process group (a terminal's Ctrl-C reaches only the runner, which
      // stops things in order) under the control plane's supervisor, which
      // stops the function should the runner die without cleaning up.
      // KELOS_FUNCTION_NODE_ARGS: node flags for every function (e.g. --cpu-prof --cpu-prof-dir=/tmp/p).
      const nodeArgs = (o.env.KELOS_FUNCTION_NODE_ARGS ?? '').split(' ').filter(Boolean);
      const command = [process.execPath, ...nodeArgs, join(o.root, 'scripts', 'run-function.js'), o.name];
      child = spawn(
        'bash',
        [join(o.root, 'scripts', 'control-plane', 'supervise.sh'), String(process.pid), ...command],
        {
          cwd: o.root,
          env: { ...o.env, PORT: String(port) },
          stdio: ['ignore', out, out],
          detached: true,
        },
      );
    } finally {
      closeSync(out);
    }
    child.on('exit', (code, signal) => {
      if (stopping) return;
      o.log(`${o.name} exited (${signal ?? code}); restarting in 1 s (log: ${o.logFile})`);
      setTimeout(() => stopping || launch(), 1000).unref();
    });
    return child;
  };
  await waitReady(url, launch(), o.readyTimeoutMs ?? 30_000, o.name);
  return {
    name: o.name,
    url,
    pid: () => child.pid,
    stop: async () => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
