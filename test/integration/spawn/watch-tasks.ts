/** Watches Tasks in a namespace through the API server's watch stream (test helper). */
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../support/cluster.js';
import type { TaskObj } from './harness.js';

export interface TaskWatch {
  stop(): void;
  ready: Promise<void>;
}

export function watchTasks(
  cluster: Cluster,
  ns: string,
  onEvent: (type: string, task: TaskObj) => void,
): TaskWatch {
  const url = new URL(`${cluster.server}/apis/kelos.dev/v1alpha1/namespaces/${ns}/tasks?watch=true`);
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  const req = request(
    url,
    { ca: readFileSync(cluster.caFile), headers: { authorization: `Bearer ${cluster.token}` } },
    (res) => {
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
          const event = JSON.parse(line) as { type: string; object: TaskObj };
          onEvent(event.type, event.object);
        }
      });
      res.on('error', () => undefined);
    },
  );
  req.on('error', () => undefined);
  req.end();
  return { stop: () => req.destroy(), ready };
}
