/**
 * Why capture-outputs' resync sweep passes over an unfinished Task whose Pod
 * it listed, without reading either again (pure):
 * - `idle`: the listed Task and Pod decide nothing to write (decide.ts), e.g.
 *   a Pod no kubelet reported on yet, or a Running Task whose Pod runs. The
 *   sweep read both from the API server; had either changed since, that change
 *   has an event of its own (or the next tick sees it). Before this, every
 *   Task with a Pod cost one GET per tick (10,000 per tick at 10,000 Tasks).
 * - `in-flight`: there is something to write, but the Pod was written less
 *   than the minimum age ago (core/runtime/sweep-min-age.ts): the Pod's own
 *   event, still queued, does it; a lost one is made good once it is old enough.
 * undefined: capture it now (captureTask re-reads the Task before writing).
 */
import type { Stored } from '../core/api/kube-types.js';
import type { Task } from '../core/api/types.js';
import { leftToEvent } from '../core/runtime/sweep-min-age.js';
import { ownedBy } from '../core/task/owned-by.js';
import type { Pod } from '../core/task/pod-types.js';
import { decideCapture } from './decide.js';

export type SweepSkip = 'idle' | 'in-flight' | undefined;

export function sweepSkip(
  task: Stored<Task>,
  pod: Stored<Pod>,
  now: Date,
  config: { imagePullTimeoutMs: number; sweepMinAgeMs: number },
): SweepSkip {
  // A namesake's Pod (a deleted Task of the same name) is not this Task's: decided as no Pod.
  const own = ownedBy(pod, task.metadata.uid) ? pod : undefined;
  const decision = decideCapture({ task, pod: own, now, imagePullTimeoutMs: config.imagePullTimeoutMs });
  if (decision.status === undefined && !decision.deletePod) return 'idle';
  return leftToEvent(pod.metadata, now, config.sweepMinAgeMs) ? 'in-flight' : undefined;
}
