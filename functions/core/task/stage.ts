/**
 * Where a Task stands between the two steps that act before its Pod runs,
 * read from the Task alone. resolve-dependencies decides `gated` Tasks
 * (its skipReason), launch-pod launches `admitted` ones (its decideLaunch);
 * neither touches a `settled` one. One predicate, so the hand-over between
 * the steps cannot drift.
 */
import type { Task } from '../api/types.js';
import { CONDITION_ADMITTED, findCondition } from './conditions.js';

export type TaskStage =
  /** No Pod, Pending or Waiting, not admitted yet: its gates are still to pass. */
  | { stage: 'gated' }
  /** Every gate passed (Admitted=True), no Pod yet. */
  | { stage: 'admitted' }
  /** Being deleted, has a Pod, or in a phase a Pod set: past both steps. */
  | { stage: 'settled'; reason: string };

export function taskStage(task: Task): TaskStage {
  const status = task.status ?? {};
  if (task.metadata.deletionTimestamp) return { stage: 'settled', reason: 'being deleted' };
  if (status.podName) return { stage: 'settled', reason: `already has Pod ${status.podName}` };
  if (status.phase && status.phase !== 'Waiting')
    return { stage: 'settled', reason: `phase is ${status.phase}` };
  if (findCondition(status.conditions, CONDITION_ADMITTED)?.status === 'True') return { stage: 'admitted' };
  return { stage: 'gated' };
}
