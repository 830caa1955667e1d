/**
 * Back-pressure for the storm's driver. The schedule can add Tasks far
 * faster than the functions on a loaded 2-core machine settle them; left
 * alone, a run spends most of its time draining a backlog after the faults
 * stopped (most Tasks then never meet a fault, and the API server's work grows
 * with every Task each resync sweep visits). So before a step that adds work,
 * the driver waits, for a bounded time, while too much is still unsettled.
 * The schedule stays the same; only when its steps run changes.
 */
import type { Step } from './plan.js';
import { unsettled } from './invariants.js';
import { isFinal, type Model } from './model.js';

export interface PaceLimits {
  /** Tasks no function has written a status for yet. */
  unresolved: number;
  /** Tasks that can still move (invariants.ts unsettled()). */
  open: number;
  /** The longest one step waits. */
  maxWaitMs: number;
}

export const DEFAULT_PACE: PaceLimits = { unresolved: 6, open: 30, maxWaitMs: 1500 };

/** Steps that add Tasks (directly or through a spawner). */
export const addsWork = (step: Step): boolean => step.kind === 'task' || step.kind === 'issue';

/** Whether the model has more unsettled work than the limits allow. */
export function overloaded(model: Model, limits: PaceLimits): boolean {
  let unresolved = 0;
  for (const t of model.tasks.values())
    if (!t.deleting && !isFinal(t.phase) && t.phase === '' && model.taskByName.get(t.name) === t.uid)
      unresolved++;
  if (unresolved > limits.unresolved) return true;
  return unsettled(model).length > limits.open;
}
