/**
 * The branch lock's identity (KELOS-BEHAVIOUR §2.6, SPEC.md §3): key
 * `<workspace or "">:<branch>`, held by a Lease named from a hash of the key,
 * and the exact messages a waiting Task shows.
 */
import { createHash } from 'node:crypto';
import type { Task } from '../api/types.js';

export const LOCK_KEY_ANNOTATION = 'kelos.dev/branch-lock-key';

/** `<workspaceRef.name or "">:<branch>`, or undefined when the Task has no branch. */
export function branchLockKey(task: Task): string | undefined {
  const branch = task.spec.branch;
  if (!branch) return undefined;
  return `${task.spec.workspaceRef?.name ?? ''}:${branch}`;
}

/** `kelos-branch-<first 16 hex of sha256(key)>`: a valid name whatever the branch contains. */
export function branchLeaseName(key: string): string {
  return `kelos-branch-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

export function lockedByMessage(branch: string, holder: string): string {
  return `Waiting for branch "${branch}" (locked by ${holder})`;
}

export function queuedBehindMessage(branch: string, ahead: string): string {
  return `Waiting for branch "${branch}" (queued behind ${ahead})`;
}

/** True when a Task's status says it is waiting for a branch (and so passed every earlier gate). */
export function isWaitingForBranch(task: Task): boolean {
  return task.status?.phase === 'Waiting' && (task.status.message ?? '').startsWith('Waiting for branch "');
}
