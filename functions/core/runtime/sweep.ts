/**
 * Resync plumbing (DESIGN "Events are hints", rule 5): on a PingSource tick a
 * function lists everything it owns and runs its per-object step on each, so
 * a lost event delays work by at most one tick. Every resync path, and any
 * step that visits several objects for one event, goes through sweepObjects.
 *
 * The error policy, one for all:
 * - one object's failure never stops the sweep: every object is visited;
 * - each failure is logged with the object (kind, namespace, name): at warn
 *   when redelivery can fix it, at error otherwise;
 * - when all are visited, if any failure can be fixed by redelivery — the API
 *   server unreachable or throttled (TransientError, KubeError unreachable /
 *   429 / 5xx) or a lost optimistic-concurrency race (ConflictError, 409) —
 *   the sweep throws a TransientError (503) with the first such failure as
 *   cause, so Knative redelivers the event;
 * - other failures (a bad object, a bug) are only logged and counted: the
 *   next tick visits the object again, and redelivering this one would only
 *   repeat them.
 */
import type { KubeObject, Stored } from '../api/kube-types.js';
import { isConflict, isKubeError } from '../k8s/errors.js';
import { listPages } from '../k8s/list-pages.js';
import type { ListOptions } from '../k8s/port.js';
import type { HandlerDeps, Logger, ObjectRequest, ResyncRequest } from './contract.js';
import { ConflictError, TransientError } from './errors.js';

export interface SweepOptions {
  /** The kind visited, for logs and the error. */
  kind: string;
  /** Objects visited at once (default 1: in the order given, which some steps rely on). */
  concurrency?: number;
}

export interface SweepTarget extends ListOptions, SweepOptions {
  apiVersion: string;
  /** Omit to sweep every namespace the function can read. */
  namespace?: string;
}

export interface SweepResult {
  visited: number;
  failed: number;
}

/** Whether redelivering the event can fix this failure (policy above). */
export function retriable(err: unknown): boolean {
  return (
    err instanceof TransientError ||
    err instanceof ConflictError ||
    isConflict(err) ||
    (isKubeError(err) && err.transient)
  );
}

/** Visits each object with a logger tagged with it, under the policy above. */
/** What a sweep needs of an object: where it is, to name it in logs. */
export interface Named {
  metadata: { namespace?: string | undefined; name?: string | undefined };
}

export async function sweepObjects<T extends Named>(
  log: Logger,
  objects: readonly T[],
  visit: (obj: T, log: Logger) => Promise<unknown>,
  options: SweepOptions,
): Promise<SweepResult> {
  return sweepPages(log, [objects], visit, options);
}

/** sweepObjects over pages of objects (a paged list): one page in memory at a time, one verdict at the end. */
export async function sweepPages<T extends Named>(
  log: Logger,
  pages: Iterable<readonly T[]> | AsyncIterable<readonly T[]>,
  visit: (obj: T, log: Logger) => Promise<unknown>,
  options: SweepOptions,
): Promise<SweepResult> {
  let failed = 0;
  let visited = 0;
  let redeliver: unknown;
  for await (const page of pages) {
    const queue = [...page];
    visited += page.length;
    const worker = async () => {
      for (let obj = queue.shift(); obj; obj = queue.shift()) {
        const { namespace, name } = obj.metadata;
        const objLog = log.child({ kind: options.kind, namespace, name });
        try {
          await visit(obj, objLog);
        } catch (err) {
          failed++;
          if (retriable(err)) {
            redeliver ??= err;
            objLog.warn(`visiting ${options.kind} failed, will be retried`, { err });
          } else objLog.error(`visiting ${options.kind} failed`, { err });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
  }
  if (redeliver !== undefined) {
    throw new TransientError(`sweep of ${options.kind}: ${failed} of ${visited} failed`, {
      cause: redeliver,
    });
  }
  return { visited, failed };
}

/** Lists the target's objects page by page (list-pages.ts), visiting each page before reading the next. */
export async function sweep<T extends KubeObject>(
  deps: Pick<HandlerDeps<unknown>, 'kube' | 'log'>,
  target: SweepTarget,
  visit: (obj: Stored<T>, log: Logger) => Promise<unknown>,
): Promise<SweepResult> {
  const listOptions: ListOptions = {};
  if (target.labelSelector) listOptions.labelSelector = target.labelSelector;
  if (target.fieldSelector) listOptions.fieldSelector = target.fieldSelector;
  if (target.resourceVersion) listOptions.resourceVersion = target.resourceVersion;
  const pages = listPages<T>(deps.kube, target, listOptions);
  return sweepPages(deps.log, pages, visit, target);
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
