/**
 * Watches Tasks in a namespace through the API server's watch stream (test
 * helper). A watch that ends or answers an error is started again; the
 * replayed ADDED events of a fresh watch are harmless to the callers' maps.
 */
import { request } from 'node:https';
import type { ClientRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../support/cluster.js';
import type { TaskObj } from './harness.js';

export interface TaskWatch {
  stop(): void;
  ready: Promise<void>;
  /** Non-event lines, error answers and restarts seen (for diagnostics). */
  problems: string[];
}

export function watchTasks(
  cluster: Cluster,
  ns: string,
  onEvent: (type: string, task: TaskObj) => void,
): TaskWatch {
  const url = new URL(`${cluster.server}/apis/kelos.dev/v1alpha1/namespaces/${ns}/tasks?watch=true`);
  const ca = readFileSync(cluster.caFile);
  const problems: string[] = [];
  let stopped = false;
  let current: ClientRequest | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));

  const restart = (why: string): void => {
    problems.push(why);
    if (!stopped) setTimeout(start, 50);
  };
  function start(): void {
    if (stopped) return;
    const req = request(url, { ca, headers: { authorization: `Bearer ${cluster.token}` } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        restart(`watch answered ${res.statusCode}`);
        return;
      }
      markReady();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (!line.trim()) continue;
          let event: { type?: string; object?: TaskObj };
          try {
            event = JSON.parse(line) as typeof event;
          } catch {
            problems.push(`unparsable watch line: ${line.slice(0, 200)}`);
            continue;
          }
          if (event.type && event.object?.kind === 'Task') onEvent(event.type, event.object);
          else problems.push(`watch: ${line.slice(0, 200)}`);
        }
      });
      res.on('end', () => restart('watch ended'));
      res.on('error', () => undefined);
    });
    req.on('error', (err) => restart(`watch request failed: ${err.message}`));
    req.end();
    current = req;
  }
  start();
  return {
    stop: () => {
      stopped = true;
      current?.destroy();
    },
    ready,
    problems,
  };
}
