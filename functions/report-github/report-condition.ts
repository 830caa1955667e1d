/**
 * The `GitHubReported` condition report-github keeps on a Task: True with the
 * phase GitHub shows as reason (reported.ts: resync ticks skip a Task until it
 * moves on, and skip it for good once the final phase is shown),
 * False with `MissingPermission` / `BadCredentials` when GitHub refused the
 * token (what `kubectl describe` and `kelos get task -d` show; no retry loop).
 */
import type { Condition } from '../core/api/kube-types.js';
import type { Task, TaskStatus } from '../core/api/types.js';
import { findCondition, setCondition } from '../core/task/conditions.js';

export const CONDITION_REPORTED = 'GitHubReported';

export function reportedCondition(task: Task): Condition | undefined {
  return findCondition(task.status?.conditions, CONDITION_REPORTED);
}

/** The status with `condition` set, or undefined when it is already there as is. */
export function withReportCondition(
  task: Task,
  condition: Omit<Condition, 'lastTransitionTime'>,
  now: Date,
): TaskStatus | undefined {
  const current = reportedCondition(task);
  if (
    current &&
    current.status === condition.status &&
    current.reason === condition.reason &&
    current.message === condition.message
  ) {
    return undefined;
  }
  const next = { ...condition, lastTransitionTime: now.toISOString() } as Condition;
  return { ...task.status, conditions: setCondition(task.status?.conditions, next) };
}
