/**
 * FIFO among Tasks waiting for the same branch: a Task may take a free lock
 * only if no other Task waiting for that branch was created before it
 * (creationTimestamp, then name, since timestamps have 1 s resolution).
 *
 * Only Tasks whose status says they wait for the *branch* count: a Task
 * still waiting for a dependency has not reached the lock, and counting it
 * could deadlock a pipeline whose stages share one branch.
 */
import type { Task } from '../api/types.js';
import { CONDITION_ADMITTED, findCondition } from '../task/conditions.js';
import { branchLockKey, isWaitingForBranch } from './lock-key.js';

/** Creation order (a sort comparator): creationTimestamp, then name. */
export function byCreation(a: Task, b: Task): number {
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

const createdBefore = (a: Task, b: Task): boolean => byCreation(a, b) < 0;

/** The earliest Task ahead of `task` in its branch queue, or undefined when it is first. */
export function queuedBehind<T extends Task>(task: Task, tasks: readonly T[]): T | undefined {
  const key = branchLockKey(task);
  if (!key) return undefined;
  let first: T | undefined;
  for (const other of tasks) {
    if (other.metadata.uid === task.metadata.uid || other.metadata.name === task.metadata.name) continue;
    if (other.metadata.deletionTimestamp || other.status?.podName) continue;
    if (findCondition(other.status?.conditions, CONDITION_ADMITTED)?.status === 'True') continue;
    if (!isWaitingForBranch(other) || branchLockKey(other) !== key) continue;
    if (!createdBefore(other, task)) continue;
    if (!first || createdBefore(other, first)) first = other;
  }
  return first;
}
