/**
 * The executor: reads one Task and what its gates need, decides (decide.ts),
 * takes the branch Lease when every other gate passed, and writes the one
 * status change guarded by the resourceVersion it was computed from. A
 * Conflict re-reads everything and decides again; one that survives the
 * retries is a ConflictError (409, the broker redelivers).
 */
import { API_VERSION } from '../core/api/constants.js';
import { acquireBranchLease, releaseBranchLease } from '../core/branch-lock/branch-lease.js';
import { isWaitingForBranch } from '../core/branch-lock/lock-key.js';
import { isConflict } from '../core/k8s/errors.js';
import { getNotOlderThan } from '../core/k8s/get-not-older.js';
import type { HandlerDeps } from '../core/runtime/contract.js';
import { ConflictError } from '../core/runtime/errors.js';
import type { Stored } from '../core/api/kube-types.js';
import type { Task } from '../core/api/types.js';
import type { TaskObject } from '../core/task/objects.js';
import { taskEvent } from '../core/task/task-event.js';
import type { ResolveConfig } from './config.js';
import { decideGates, nextStatus, skipReason, type Resolution } from './decide.js';
import { readSnapshot } from './snapshot.js';

export type ResolveResult = 'gone' | 'skipped' | 'unchanged' | 'waiting' | 'failed' | 'admitted';

export interface Resolved {
  result: ResolveResult;
  /** The Task as last read or written (undefined when it is gone). */
  task: TaskObject | undefined;
}

const ATTEMPTS = 4;

/** Only a branch Task whose last written state is "" or waiting for the branch can hold a Lease it was not admitted with. */
function mayHoldLease(task: Task): boolean {
  return !!task.spec.branch && (!task.status?.phase || isWaitingForBranch(task));
}

export interface ResolveOptions {
  /**
   * The Tasks of the namespace as a caller already listed them (a sweep), used
   * for the first attempt instead of listing again; a retry after a Conflict
   * always lists afresh.
   */
  namespaceTasks?: readonly Stored<Task>[];
  /**
   * The resourceVersion the event (or the list) carried: the first read is of
   * that version or newer, from the API server's watch cache; a retry after a
   * Conflict reads consistently.
   */
  seenVersion?: string | undefined;
}

export async function resolveTask(
  deps: HandlerDeps<ResolveConfig>,
  namespace: string,
  name: string,
  options: ResolveOptions = {},
): Promise<Resolved> {
  const { kube, log } = deps;
  const { namespaceTasks, seenVersion } = options;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const ref = { apiVersion: API_VERSION, kind: 'Task', namespace, name };
    const task = await getNotOlderThan<TaskObject>(kube, ref, attempt === 1 ? seenVersion : undefined);
    if (!task) return { result: 'gone', task };
    const skip = skipReason(task);
    if (skip) {
      log.debug('not for resolve-dependencies', { reason: skip });
      return { result: 'skipped', task };
    }
    const now = deps.now();
    const snap = await readSnapshot(kube, task, now, attempt === 1 ? namespaceTasks : undefined);
    const gate = decideGates(task, snap);
    let resolution: Resolution = gate.kind === 'lock' ? { kind: 'admit' } : gate;
    if (gate.kind === 'lock') {
      const lock = await acquireBranchLease(kube, task, now, { tasks: snap.tasks });
      if (!lock.acquired) resolution = { kind: 'wait', message: lock.message };
    }
    const status = nextStatus(task, resolution, now);
    if (!status) return { result: 'unchanged', task };
    let written: TaskObject;
    try {
      written = await kube.replaceStatus<TaskObject>({ ...task, status });
    } catch (err) {
      if (!isConflict(err)) throw err;
      log.debug('status conflict, re-reading', { attempt });
      continue;
    }
    // A Lease taken on an earlier attempt whose status write never landed must not block the branch.
    // Released only now: the write, guarded by the resourceVersion `task` was read at, proves no other
    // replica admitted the Task meanwhile; released before it, a stale read deleted the Lease of a Task
    // another replica had just admitted, and a second Task took the branch (storm seed 3, 500 events).
    if (gate.kind !== 'lock' && mayHoldLease(task)) await releaseBranchLease(kube, task);
    return { result: await report(deps, written, resolution), task: written };
  }
  throw new ConflictError(`status of Task ${namespace}/${name} kept changing`);
}

async function report(
  deps: HandlerDeps<ResolveConfig>,
  task: TaskObject,
  resolution: Resolution,
): Promise<ResolveResult> {
  const { namespace, name } = task.metadata;
  switch (resolution.kind) {
    case 'wait':
      deps.log.info('Task waiting', { namespace, name, message: resolution.message });
      await deps.emit(taskEvent('waiting', task));
      return 'waiting';
    case 'fail':
      deps.log.warn('Task failed before launch', {
        namespace,
        name,
        reason: resolution.reason,
        message: resolution.message,
      });
      deps.metrics?.taskCompleted.inc({ namespace: namespace ?? '', type: task.spec.type, phase: 'Failed' });
      await deps.emit(taskEvent('failed', task));
      return 'failed';
    case 'admit':
      deps.log.info('Task admitted', { namespace, name });
      // Wakes launch-pod (its Trigger); if this is lost, launch-pod's resync sweep finds the Task.
      await deps.emit(taskEvent('admitted', task));
      return 'admitted';
  }
}
