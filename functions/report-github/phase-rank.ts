/**
 * Phases in the order a Task moves through them. A report never replaces one
 * of a higher rank: events arrive duplicated and out of order, and a replica
 * may act on a read older than another's.
 */
import type { Task } from '../core/api/types.js';

export type ReportPhase = 'Queued' | 'Waiting' | 'Pending' | 'Running' | 'Succeeded' | 'Failed';

const RANK: Record<ReportPhase, number> = {
  Queued: 1,
  Waiting: 2,
  Pending: 3,
  Running: 4,
  Succeeded: 5,
  Failed: 5,
};

/** A Task with no phase yet was just created by its spawner: Queued. */
export function reportPhase(task: Task): ReportPhase {
  return task.status?.phase ?? 'Queued';
}

export function phaseRank(phase: ReportPhase): number {
  return RANK[phase];
}

export function isFinal(phase: ReportPhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}
