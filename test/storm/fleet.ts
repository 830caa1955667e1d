/**
 * The real functions as processes from dist/ (scripts/run-function.js, as
 * `npm start` and the e2e suite run them), several replicas each, restarted
 * after they exit (as a Deployment would). The storm kills a replica's node
 * process with SIGKILL; any other exit is a crash, which the storm reports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionName } from '../../functions/names.js';
import { startFunctionProcess, type FunctionProcess } from '../../scripts/dev/function-process.js';

export interface Replica {
  fn: FunctionName;
  index: number;
  url: string;
  logFile: string;
  process: FunctionProcess;
}

export interface Exit {
  replica: string;
  how: string;
  at: number;
}

export interface Fleet {
  replicas: Map<FunctionName, Replica[]>;
  urls(fn: FunctionName): string[];
  /** SIGKILLs the node process of a replica; returns false if it was not running. */
  kill(replica: Replica): boolean;
  kills: number;
  /** Exits the storm did not cause. */
  crashes: Exit[];
  stop(): Promise<void>;
}

/** The node process a replica's supervisor (scripts/control-plane/supervise.sh) runs. */
function childOf(pid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    const child = Number(children[0]);
    return Number.isInteger(child) && child > 0 ? child : undefined;
  } catch {
    return undefined;
  }
}

export async function startFleet(o: {
  root: string;
  logDir: string;
  replicas: Record<FunctionName, number>;
  env: (fn: FunctionName, index: number) => NodeJS.ProcessEnv;
}): Promise<Fleet> {
  const replicas = new Map<FunctionName, Replica[]>();
  const expectedExits = new Map<string, number>();
  const crashes: Exit[] = [];
  const all: Replica[] = [];
  const starts: Promise<void>[] = [];
  for (const [fn, count] of Object.entries(o.replicas) as [FunctionName, number][]) {
    const list: Replica[] = [];
    replicas.set(fn, list);
    for (let index = 0; index < count; index++) {
      const id = `${fn}#${index}`;
      const logFile = join(o.logDir, `${fn}-${index}.log`);
      starts.push(
        startFunctionProcess({
          root: o.root,
          name: fn,
          env: o.env(fn, index),
          logFile,
          // function-process says "<name> exited (<signal or code>); restarting" after every exit.
          log: (line) => {
            const m = /exited \(([^)]*)\)/.exec(line);
            if (!m) return;
            const pending = expectedExits.get(id) ?? 0;
            if (pending > 0 && (m[1] === '137' || m[1] === 'SIGKILL')) expectedExits.set(id, pending - 1);
            else crashes.push({ replica: id, how: m[1] ?? '?', at: Date.now() });
          },
        }).then((process) => {
          const r: Replica = { fn, index, url: process.url, logFile, process };
          list[index] = r;
          all.push(r);
        }),
      );
    }
  }
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((s) => s.status === 'rejected');
  const stop = async () => {
    await Promise.all(all.map((r) => r.process.stop()));
  };
  if (failed) {
    await stop();
    throw (failed as PromiseRejectedResult).reason;
  }
  const fleet: Fleet = {
    replicas,
    urls: (fn) => (replicas.get(fn) ?? []).map((r) => r.url),
    kill: (replica) => {
      const supervisor = replica.process.pid();
      const node = supervisor ? childOf(supervisor) : undefined;
      if (!node) return false;
      const id = `${replica.fn}#${replica.index}`;
      expectedExits.set(id, (expectedExits.get(id) ?? 0) + 1);
      try {
        process.kill(node, 'SIGKILL');
      } catch {
        expectedExits.set(id, (expectedExits.get(id) ?? 1) - 1);
        return false;
      }
      fleet.kills++;
      return true;
    },
    kills: 0,
    crashes,
    stop,
  };
  return fleet;
}
