/**
 * Whether launch-pod should act on a Task, decided from the Task alone: it
 * must be admitted by resolve-dependencies (condition Admitted=True), not
 * being deleted, and have no Pod recorded yet, nor a phase a Pod would have
 * set (a Task never gets two Pods).
 */
import type { Task } from '../core/api/types.js';
import { CONDITION_ADMITTED, findCondition } from '../core/task/conditions.js';

export type LaunchDecision = { launch: true } | { launch: false; reason: string };

export function decideLaunch(task: Task): LaunchDecision {
  const status = task.status ?? {};
  if (task.metadata.deletionTimestamp) return { launch: false, reason: 'being deleted' };
  if (status.podName) return { launch: false, reason: `already has Pod ${status.podName}` };
  if (status.phase && status.phase !== 'Waiting')
    return { launch: false, reason: `phase is ${status.phase}` };
  if (findCondition(status.conditions, CONDITION_ADMITTED)?.status !== 'True')
    return { launch: false, reason: 'not admitted' };
  return { launch: true };
}
