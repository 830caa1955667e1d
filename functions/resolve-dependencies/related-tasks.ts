/**
 * Which Tasks to look at again when a Task finished or was deleted (the
 * original's enqueueDependentTasks): the Tasks that depend on it, and the
 * Tasks waiting for a branch it held or queued on.
 */
import type { Task } from '../core/api/types.js';
import { branchLockKey } from '../core/branch-lock/lock-key.js';

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
  return tasks.filter((t) => {
    if (t.metadata.name === name || t.status?.podName) return false;
    if (t.spec.dependsOn?.includes(name)) return true;
    if (t.status?.phase !== 'Waiting') return false;
    if (key !== undefined && branchLockKey(t) === key) return true;
    const message = t.status.message ?? '';
    return message.endsWith(`(locked by ${name})`) || message.endsWith(`(queued behind ${name})`);
  });
}
