/**
 * The two status changes launch-pod makes, as pure functions of the Task as
 * read (undefined = nothing to write): Pending with the Pod's name, or Failed
 * before any Pod exists. Neither overwrites a state capture-outputs reached.
 */
import type { Task, TaskStatus } from '../core/api/types.js';
import { withPhase } from '../core/task/conditions.js';

const LATER = new Set(['Running', 'Succeeded', 'Failed']);

export function pendingStatus(task: Task, podName: string, now: Date): TaskStatus | undefined {
  const status = task.status ?? {};
  if (status.podName) return undefined;
  if (status.phase && LATER.has(status.phase)) return { ...status, podName };
  // As the original: the Pending transition keeps the last (Waiting) message.
  return { ...withPhase(status, 'Pending', status.message ?? '', now, task.metadata.generation), podName };
}

/**
 * Failed with `message` and completionTime (the original set no completionTime
 * here; we do, so TTL counts from the failure).
 */
export function failedStatus(task: Task, message: string, now: Date): TaskStatus | undefined {
  const status = task.status ?? {};
  if (status.podName || (status.phase && LATER.has(status.phase))) return undefined;
  return {
    ...withPhase(status, 'Failed', message, now, task.metadata.generation),
    completionTime: now.toISOString(),
  };
}
