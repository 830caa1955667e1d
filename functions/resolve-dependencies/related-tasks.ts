/**
 * Which Tasks to look at again when a Task finished or was deleted (the
 * original's enqueueDependentTasks): the Tasks that depend on it, and, of the
 * Tasks waiting for a branch it held or queued on, the first in line.
 *
 * Only the first waiter: the branch goes to the earliest (FIFO), and
 * re-resolving every waiter rewrote each one's "queued behind" message on
 * every hand-over, W writes per hand-over from each replica and duplicate
 * event at once. In the long storm (branch queues of 50+) that herd of
 * conflicting writes held single events for 9 minutes. The others' messages
 * are brought up to date by the resync sweep, and each hand-over wakes the
 * next first waiter.
 */
import type { Task } from '../core/api/types.js';
import { branchLockKey } from '../core/branch-lock/lock-key.js';
import { byCreation } from '../core/branch-lock/queue.js';
import { taskStage } from '../core/task/stage.js';

function waitsOn(t: Task, name: string, key: string | undefined): boolean {
  if (t.status?.phase !== 'Waiting') return false;
  if (key !== undefined && branchLockKey(t) === key) return true;
  const message = t.status.message ?? '';
  return message.endsWith(`(locked by ${name})`) || message.endsWith(`(queued behind ${name})`);
}

/**
 * `name` is the Task that changed; `changed` is its last known state (absent
 * when it was deleted and the event carried no object).
 */
export function relatedTasks<T extends Task>(
  name: string,
  changed: Task | undefined,
  tasks: readonly T[],
): T[] {
  const key = changed ? branchLockKey(changed) : undefined;
  const dependents: T[] = [];
  const firstWaiter = new Map<string, T>();
  for (const t of tasks) {
    if (t.metadata.name === name || t.status?.podName) continue;
    if (t.spec.dependsOn?.includes(name)) {
      dependents.push(t);
      continue;
    }
    // Only a Task still to decide can take the branch; one being deleted must not stand in for the next.
    if (!waitsOn(t, name, key) || taskStage(t).stage !== 'gated') continue;
    const lockKey = branchLockKey(t) ?? '';
    const first = firstWaiter.get(lockKey);
    if (!first || byCreation(t, first) < 0) firstWaiter.set(lockKey, t);
  }
  return [...dependents, ...firstWaiter.values()];
}
