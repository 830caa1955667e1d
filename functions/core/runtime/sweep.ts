/**
 * Resync plumbing (DESIGN "Events are hints", rule 5): on a PingSource tick a
 * function lists everything it owns and runs its per-object step on each, so
 * a lost event delays work by at most one tick. One object's failure does not
 * stop the sweep; if any failed transiently (API server unreachable,
 * throttled) the sweep ends with a TransientError so the tick is redelivered.
 */
import type { KubeObject } from '../api/kube-types.js';
import { isKubeError } from '../k8s/errors.js';
import type { ListOptions } from '../k8s/port.js';
import type { HandlerDeps, ObjectRequest, ResyncRequest } from './contract.js';
import { TransientError } from './errors.js';

export interface SweepTarget extends ListOptions {
  apiVersion: string;
  kind: string;
  /** Omit to sweep every namespace the function can read. */
  namespace?: string;
  /** Objects visited at once (default 4: the API server is shared). */
  concurrency?: number;
}

export interface SweepResult {
  visited: number;
  failed: number;
}

export async function sweep<T extends KubeObject>(
  deps: Pick<HandlerDeps<unknown>, 'kube' | 'log'>,
  target: SweepTarget,
  visit: (obj: T) => Promise<unknown>,
): Promise<SweepResult> {
  const listOptions: ListOptions = {};
  if (target.labelSelector) listOptions.labelSelector = target.labelSelector;
  if (target.fieldSelector) listOptions.fieldSelector = target.fieldSelector;
  const list = await deps.kube.list<T>(target.apiVersion, target.kind, target.namespace, listOptions);
  const queue = [...list.items];
  let failed = 0;
  let transient: unknown;
  const worker = async () => {
    for (let obj = queue.shift(); obj; obj = queue.shift()) {
      try {
        await visit(obj);
      } catch (err) {
        failed++;
        const isTransient = err instanceof TransientError || (isKubeError(err) && err.transient);
        if (isTransient) transient ??= err;
        const meta = { kind: target.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, err };
        if (isTransient) deps.log.warn('resync of object failed', meta);
        else deps.log.error('resync of object failed', meta);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, target.concurrency ?? 4) }, worker));
  if (transient !== undefined) {
    throw new TransientError(`resync of ${target.kind}: ${failed} of ${list.items.length} failed`, {
      cause: transient,
    });
  }
  return { visited: list.items.length, failed };
}

/** The per-object request a sweep hands to the function's object path, with the listed object as hint. */
export function objectRequestFor(obj: KubeObject, tick: ResyncRequest): ObjectRequest {
  return {
    type: 'object',
    eventId: tick.eventId,
    eventType: tick.eventType,
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
    hint: obj,
  };
}
