/**
 * The tombstone rule, pure. Every agent Pod carries POD_FINALIZER, so once
 * deleted it stays (Terminating, containers stopped) and its name stays taken:
 * a launch that decided from a stale read of its Task gets AlreadyExists
 * instead of creating a second Pod. The finalizer may go only when the Task
 * that owns the Pod can never launch again: it is gone (no Task of that name,
 * or a namesake with another uid) or being deleted. Removal is a merge patch
 * carrying the resourceVersion read, so it never strips a newer Pod of the
 * same name.
 */
import { API_VERSION, POD_FINALIZER } from '../api/constants.js';
import type { Task } from '../api/types.js';
import type { Pod } from './pod-types.js';

export type TombstoneDecision = { release: true; reason: string } | { release: false };

export function holdsTombstone(pod: Pod | undefined): pod is Pod {
  return !!pod?.metadata.finalizers?.includes(POD_FINALIZER);
}

/** The uid of the Task that owns the Pod (its ownerReference), if any. */
export function podTaskUid(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((r) => r.kind === 'Task' && r.apiVersion === API_VERSION)?.uid;
}

/** `task` is the API server's current Task of the Pod's name (undefined: none). */
export function decideTombstone(pod: Pod, task: Task | undefined): TombstoneDecision {
  if (!holdsTombstone(pod)) return { release: false };
  const owner = podTaskUid(pod);
  if (!task) return { release: true, reason: 'its Task is gone' };
  if (!owner || owner !== task.metadata.uid)
    return { release: true, reason: `its Task is gone (Task ${task.metadata.name} is a namesake)` };
  if (task.metadata.deletionTimestamp) return { release: true, reason: 'its Task is being deleted' };
  return { release: false };
}

/** Merge patch dropping the finalizer; the resourceVersion makes it a 409 if the Pod changed since read. */
export function releasePatch(pod: Pod): { metadata: { resourceVersion?: string; finalizers: string[] } } {
  const finalizers = (pod.metadata.finalizers ?? []).filter((f) => f !== POD_FINALIZER);
  const rv = pod.metadata.resourceVersion;
  return { metadata: { ...(rv ? { resourceVersion: rv } : {}), finalizers } };
}
