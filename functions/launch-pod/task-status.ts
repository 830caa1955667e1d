/**
 * The one status change launch-pod makes, as a pure function of the Task as
 * read (undefined = nothing to write): Failed before any Pod exists. A Pod it
 * creates is not written into the Task: resolve-dependencies' admission
 * already made the Task Pending, and capture-outputs records the Pod's name
 * when the Pod has something to say (README.md, "One Pod per Task").
 */
import type { Task, TaskStatus } from '../core/api/types.js';
import { withPhase } from '../core/task/conditions.js';

const LATER = new Set(['Running', 'Succeeded', 'Failed']);

/**
 * Failed with `message` and completionTime (the original set no completionTime
 * here; we do, so TTL counts from the failure). Allowed from "", Waiting and
 * Pending without podName; never over a recorded Pod or a later phase.
 */
export function failedStatus(task: Task, message: string, now: Date): TaskStatus | undefined {
  const status = task.status ?? {};
  if (status.podName || (status.phase && LATER.has(status.phase))) return undefined;
  return {
    ...withPhase(status, 'Failed', message, now, task.metadata.generation),
    completionTime: now.toISOString(),
  };
}
