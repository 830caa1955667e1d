/**
 * ttlSecondsAfterFinished (KELOS-BEHAVIOUR §2.10, SPEC.md §3): a finished Task
 * is deleted once `ttl` seconds have passed since it finished. The reference
 * is completionTime; a Failed Task without one (failed before any Pod, by an
 * older writer) counts from its last phase transition.
 */
import type { Task } from '../api/types.js';
import { CONDITION_SUCCEEDED, findCondition } from './conditions.js';
import { isFinished } from './is-finished.js';

export type TtlDecision = { kind: 'none' } | { kind: 'expired' } | { kind: 'later'; remainingMs: number };

export function finishedAt(task: Task): Date | undefined {
  const status = task.status;
  if (!status || !isFinished(task)) return undefined;
  const text =
    status.completionTime ??
    (status.phase === 'Failed'
      ? findCondition(status.conditions, CONDITION_SUCCEEDED)?.lastTransitionTime
      : undefined);
  if (!text) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export function decideTtl(task: Task, now: Date): TtlDecision {
  const ttl = task.spec.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null || task.metadata.deletionTimestamp) return { kind: 'none' };
  const done = finishedAt(task);
  if (!done) return { kind: 'none' };
  const remainingMs = done.getTime() + ttl * 1000 - now.getTime();
  return remainingMs <= 0 ? { kind: 'expired' } : { kind: 'later', remainingMs };
}
