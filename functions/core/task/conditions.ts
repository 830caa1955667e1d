/**
 * Task status conditions in the kstatus style (SPEC.md §1), derived from the
 * phase so every writer sets them the same way:
 *
 * | phase     | Ready                 | Succeeded             |
 * |-----------|-----------------------|-----------------------|
 * | Waiting   | False, Waiting        | Unknown, Waiting      |
 * | Pending   | False, PodPending     | Unknown, PodPending   |
 * | Running   | True,  Running        | Unknown, Running      |
 * | Succeeded | True,  Succeeded      | True,  Succeeded      |
 * | Failed    | False, Failed         | False, Failed         |
 *
 * `kubectl wait --for=condition=Succeeded task/x` therefore waits for success,
 * and `--for=condition=Succeeded=false` for failure.
 *
 * A separate `Admitted` condition (set by resolve-dependencies) records that
 * every readiness gate passed (dependencies, Workspace, AgentConfig,
 * credentials, branch lock), which is what launch-pod waits for.
 */
import type { Condition } from '../api/kube-types.js';
import type { TaskPhase, TaskStatus } from '../api/types.js';

export const CONDITION_READY = 'Ready';
export const CONDITION_SUCCEEDED = 'Succeeded';
export const CONDITION_ADMITTED = 'Admitted';

type Status = Condition['status'];

const TABLE: Record<TaskPhase, { ready: [Status, string]; succeeded: [Status, string] }> = {
  Waiting: { ready: ['False', 'Waiting'], succeeded: ['Unknown', 'Waiting'] },
  Pending: { ready: ['False', 'PodPending'], succeeded: ['Unknown', 'PodPending'] },
  Running: { ready: ['True', 'Running'], succeeded: ['Unknown', 'Running'] },
  Succeeded: { ready: ['True', 'Succeeded'], succeeded: ['True', 'Succeeded'] },
  Failed: { ready: ['False', 'Failed'], succeeded: ['False', 'Failed'] },
};

/**
 * Sets `type` in a condition list, keeping lastTransitionTime when the status
 * did not change (as meta.SetStatusCondition does). Returns a new list.
 */
export function setCondition(conditions: readonly Condition[] | undefined, next: Condition): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  if (i < 0) return [...list, next];
  const prev = list[i]!;
  list[i] = prev.status === next.status ? { ...next, lastTransitionTime: prev.lastTransitionTime } : next;
  return list;
}

export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** Ready and Succeeded conditions for a phase, merged into the existing list. */
export function conditionsForPhase(
  existing: readonly Condition[] | undefined,
  phase: TaskPhase,
  message: string,
  now: Date,
  generation?: number,
): Condition[] {
  const row = TABLE[phase];
  const base = {
    message,
    lastTransitionTime: now.toISOString(),
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
  let list = setCondition(existing, {
    type: CONDITION_READY,
    status: row.ready[0],
    reason: row.ready[1],
    ...base,
  });
  list = setCondition(list, {
    type: CONDITION_SUCCEEDED,
    status: row.succeeded[0],
    reason: row.succeeded[1],
    ...base,
  });
  return list;
}

/** A copy of `status` moved to `phase` with its message, conditions and observedGeneration. */
export function withPhase(
  status: TaskStatus | undefined,
  phase: TaskPhase,
  message: string,
  now: Date,
  generation?: number,
): TaskStatus {
  return {
    ...status,
    phase,
    message,
    conditions: conditionsForPhase(status?.conditions, phase, message, now, generation),
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
}
