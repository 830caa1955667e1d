/**
 * Crashes kube-apiserver (SIGKILL) and starts it again in place (same binary,
 * same arguments, same port, same certificates), etcd untouched so every
 * object survives: the storm's one control-plane fault. The process is found by its --secure-port among
 * this process's descendants' kin in /proc; the new one runs under the same
 * supervisor script as the control plane's, tied to this process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isAlive, sleep, startProcess, stopPid, waitHealthy } from '../../scripts/control-plane/processes.js';

export interface ApiServerHandle {
  pid: number;
  stop(): Promise<void>;
}

function findApiServer(port: string): { pid: number; argv: string[] } | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    if (argv[0]?.endsWith('/kube-apiserver') && argv.includes(`--secure-port=${port}`))
      return { pid: Number(entry), argv };
  }
  return undefined;
}

export async function restartApiServer(o: {
  server: string;
  caFile: string;
  logFile: string;
}): Promise<ApiServerHandle> {
  const port = new URL(o.server).port;
  const found = findApiServer(port);
  if (!found) throw new Error(`no kube-apiserver with --secure-port=${port} found in /proc`);
  // A crash, not a graceful stop: kube-apiserver drains for up to 15 s on SIGTERM (most of what the
  // restart cost each run), and a crash is the harsher fault; etcd keeps every object either way.
  try {
    process.kill(found.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  for (let i = 0; i < 200 && isAlive(found.pid); i++) await sleep(25);
  const [command, ...args] = found.argv;
  const child = startProcess({
    name: 'kube-apiserver',
    command: command!,
    args,
    logFile: o.logFile,
    detached: false,
  });
  await waitHealthy({
    url: `${o.server}/readyz`,
    caFile: o.caFile,
    timeoutMs: 90_000,
    what: 'restarted kube-apiserver',
    logFile: o.logFile,
    child,
  });
  // Not a reason for this process to stay alive: its supervisor ends it once this process is gone
  // (a referenced child kept `mocha` without --exit running after the last test).
  child.unref();
  const pid = findApiServer(port)?.pid ?? child.pid!;
  return { pid, stop: () => stopPid(pid) };
}
