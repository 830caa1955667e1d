/**
 * Where a Task stands between the two steps that act before its Pod runs,
 * read from the Task alone. resolve-dependencies decides `gated` Tasks
 * (its skipReason), launch-pod launches `admitted` ones (its decideLaunch);
 * neither touches a `settled` one. One predicate, so the hand-over between
 * the steps cannot drift.
 *
 * Admission writes Admitted=True and phase Pending in one status write; the
 * Pod's name is recorded later, by capture-outputs, once the Pod has
 * something to say (the agent runs, an image will not pull, it finished or
 * went). So an admitted Task is Pending (or, admitted by an older version,
 * "" or Waiting) with no podName, whether or not its Pod exists yet: the
 * Pod's name is the Task's, and a create that finds it taken (AlreadyExists)
 * is what keeps a Task at one Pod (launch-pod/README.md).
 */
import type { Task } from '../api/types.js';
import { CONDITION_ADMITTED, findCondition } from './conditions.js';

export type TaskStage =
  /** No Pod recorded, Waiting or no phase, not admitted yet: its gates are still to pass. */
  | { stage: 'gated' }
  /** Every gate passed (Admitted=True), no Pod recorded: its Pod is to be created, or is starting. */
  | { stage: 'admitted' }
  /** Being deleted, has a Pod recorded, or in a phase only a Pod sets: past both steps. */
  | { stage: 'settled'; reason: string };

const BEFORE_POD = new Set(['', 'Waiting', 'Pending']);

export function taskStage(task: Task): TaskStage {
  const status = task.status ?? {};
  if (task.metadata.deletionTimestamp) return { stage: 'settled', reason: 'being deleted' };
  if (status.podName) return { stage: 'settled', reason: `already has Pod ${status.podName}` };
  const phase = status.phase ?? '';
  if (!BEFORE_POD.has(phase)) return { stage: 'settled', reason: `phase is ${phase}` };
  if (findCondition(status.conditions, CONDITION_ADMITTED)?.status === 'True') return { stage: 'admitted' };
  // Pending without Admitted=True: no version of these steps writes it; leave it alone.
  if (phase === 'Pending') return { stage: 'settled', reason: 'phase is Pending' };
  return { stage: 'gated' };
}
