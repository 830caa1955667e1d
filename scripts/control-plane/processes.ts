/** Starting, probing and stopping the control-plane processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';

const SUPERVISOR = fileURLToPath(new URL('./supervise.sh', import.meta.url));

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  /** Detached processes outlive this one (`npm run cluster:up`); attached ones die with it. */
  detached: boolean;
}

export function startProcess(o: StartOptions): ChildProcess {
  const log = openSync(o.logFile, 'a');
  try {
    const [cmd, args] = o.detached
      ? [o.command, o.args]
      : ['bash', [SUPERVISOR, String(process.pid), o.command, ...o.args]];
    const child = spawn(cmd, args, { detached: o.detached, stdio: ['ignore', log, log] });
    if (o.detached) child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after `graceMs` if the process is still there. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(50);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function get(url: string, caFile?: string): Promise<number> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const req =
      u.protocol === 'https:'
        ? httpsRequest(u, {
            ca: caFile ? readFileSync(caFile) : undefined,
            rejectUnauthorized: !!caFile,
            timeout: 2000,
          })
        : httpRequest(u, { timeout: 2000 });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export interface WaitOptions {
  url: string;
  caFile?: string;
  timeoutMs: number;
  what: string;
  logFile: string;
  child?: ChildProcess;
}

/** Polls a health URL until it answers 200; fails with the log's tail when the process dies or time runs out. */
export async function waitHealthy(o: WaitOptions): Promise<void> {
  const deadline = Date.now() + o.timeoutMs;
  let exited = false;
  o.child?.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if ((await get(o.url, o.caFile)) === 200) return;
    if (exited) break;
    await sleep(100);
  }
  const tail = safeTail(o.logFile);
  throw new Error(
    `${o.what} did not become healthy at ${o.url} ${exited ? '(process exited)' : `within ${o.timeoutMs} ms`}\n${tail}`,
  );
}

function safeTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}
