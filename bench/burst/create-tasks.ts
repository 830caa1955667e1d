/**
 * The burst itself: N Tasks created by `concurrency` workers as fast as the
 * API server takes them, each worker's create awaited before its next one;
 * or, with `ratePerSecond`, paced: Task i is not sent before i / rate seconds
 * after the start (to find the arrival rate the stack keeps up with).
 * `onCreated` gets the client clock when each create call returned.
 */
import type { Stored } from '../../functions/core/api/kube-types.js';
import type { KubePort } from '../../functions/core/k8s/port.js';
import type { TaskObject } from '../../functions/core/task/objects.js';

export const SECRET_NAME = 'anthropic-api-key';

export const taskName = (i: number, count: number): string =>
  `burst-${String(i).padStart(String(count - 1).length, '0')}`;

export function burstTask(namespace: string, name: string): TaskObject {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: { name, namespace },
    spec: {
      type: 'claude-code',
      prompt: 'burst benchmark',
      credentials: { type: 'api-key', secretRef: { name: SECRET_NAME } },
    },
  };
}

export interface CreateBurstOptions {
  kube: KubePort;
  namespace: string;
  count: number;
  concurrency: number;
  /** Called after each Task's create returned (client clock, performance.now()). */
  onCreated: (task: Stored<TaskObject>, at: number) => Promise<void> | void;
  /** Creates per second at most (default: as fast as the API server answers). */
  ratePerSecond?: number | undefined;
}

/** Milliseconds after the start before which Task i is not sent (0 when unpaced). */
export function sendAfterMs(i: number, ratePerSecond: number | undefined): number {
  return ratePerSecond ? (i * 1000) / ratePerSecond : 0;
}

/** Throws unless the rate is absent or a positive number of creates per second. */
export function checkRate(ratePerSecond: number | undefined): void {
  if (ratePerSecond !== undefined && !(ratePerSecond > 0))
    throw new Error(`burst: the rate must be a positive number of creates per second, got ${ratePerSecond}`);
}

export async function createBurst(o: CreateBurstOptions): Promise<void> {
  checkRate(o.ratePerSecond);
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < o.count) {
      const i = next++;
      const wait = start + sendAfterMs(i, o.ratePerSecond) - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const created = await o.kube.create(burstTask(o.namespace, taskName(i, o.count)));
      await o.onCreated(created, performance.now());
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.count) }, worker));
}
