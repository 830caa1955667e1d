/**
 * Follows one Task's Pod: read the Task and its Pod, fetch the log tail only
 * when the termination message lacks the outputs (or has them cut) or the
 * agent failed (log-tail.ts), decide (pure), write the
 * status guarded by resourceVersion, then — only after the write took — emit
 * the event, record metrics, release the branch Lease, and apply the TTL.
 */
import { API_VERSION } from '../core/api/constants.js';
import type { Stored } from '../core/api/kube-types.js';
import type { Task } from '../core/api/types.js';
import { releaseBranchLease } from '../core/branch-lock/branch-lease.js';
import type { HandlerDeps, HandlerResult } from '../core/runtime/contract.js';
import type { TaskObject } from '../core/task/objects.js';
import { isFinished } from '../core/task/is-finished.js';
import { ownedBy } from '../core/task/owned-by.js';
import type { Pod } from '../core/task/pod-types.js';
import { taskEvent } from '../core/task/task-event.js';
import { updateTaskStatus } from '../core/task/update-status.js';
import type { CaptureOutputsConfig } from './config.js';
import { decideCapture, type CaptureDecision } from './decide.js';
import { logTailLines } from './log-tail.js';
import { observe } from './observation.js';
import { recordTerminalMetrics } from './record-metrics.js';
import { applyTtl } from './apply-ttl.js';
import { releaseIfTombstone, releaseTombstone } from './release-tombstone.js';
import { holdsTombstone } from '../core/task/pod-tombstone.js';

export type CaptureDeps = HandlerDeps<CaptureOutputsConfig>;

/** The Pod event that led here (not for a Task event or a sweep). */
export interface PodEvent {
  name: string;
  verb?: 'add' | 'update' | 'delete' | undefined;
}

export async function captureTask(
  deps: CaptureDeps,
  namespace: string,
  name: string,
  knownPod?: Stored<Pod>,
  podEvent?: PodEvent,
): Promise<HandlerResult> {
  const task = await deps.kube.get<TaskObject>({ apiVersion: API_VERSION, kind: 'Task', namespace, name });
  // The Task is gone or going: its Pod's tombstone (pod-tombstone.ts) has done its job. A delete event's Pod is gone already.
  const released =
    !!podEvent &&
    podEvent.verb !== 'delete' &&
    (!task || !!task.metadata.deletionTimestamp) &&
    (await releaseIfTombstone(deps, namespace, podEvent.name, task));
  if (!task) return released ? 'handled' : 'ignored';
  // A finished Task never changes again: no need to read its Pod, only release and TTL below.
  const pod = isFinished(task) ? undefined : knownPod ? ownPod(task, knownPod) : await readPod(deps, task);
  // The Pod is observed and its termination message parsed once for the whole event.
  const seen = pod ? observe(pod, task.spec.type) : undefined;
  const tail = logTailLines(task, pod, seen);
  const logs = tail !== undefined && pod ? await readLogs(deps, task, pod, tail) : undefined;

  let decision: CaptureDecision = {};
  const write = await updateTaskStatus(deps.kube, task, (current) => {
    decision = decideCapture({
      task: current,
      pod,
      now: deps.now(),
      logs,
      seen,
      imagePullTimeoutMs: deps.config.imagePullTimeoutMs,
    });
    return decision.status;
  });
  const after = write.task ?? task;
  if (write.written) await afterWrite(deps, after, decision);
  if (write.written && decision.deletePod && pod) await deletePodQuietly(deps, pod);
  else if (isFinished(after)) await releaseQuietly(deps, after);
  await applyTtl(deps, after);
  return 'handled';
}

async function readPod(deps: CaptureDeps, task: Stored<Task>): Promise<Stored<Pod> | undefined> {
  const name = task.status?.podName || task.metadata.name;
  const pod = await deps.kube.get<Pod>({
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: task.metadata.namespace,
    name,
  });
  // A namesake's Pod (a deleted Task of the same name): its tombstone is no longer needed.
  if (pod && !ownedBy(pod, task.metadata.uid) && holdsTombstone(pod)) await releaseTombstone(deps, pod, task);
  return ownPod(task, pod);
}

/** Only a Pod owned by this Task (same uid) counts; a namesake from a deleted Task does not. */
function ownPod(task: Task, pod: Stored<Pod> | undefined): Stored<Pod> | undefined {
  return pod && ownedBy(pod, task.metadata.uid) ? pod : undefined;
}

async function readLogs(
  deps: CaptureDeps,
  task: Stored<Task>,
  pod: Stored<Pod>,
  tailLines: number,
): Promise<string> {
  try {
    return await deps.kube.podLogs(task.metadata.namespace, pod.metadata.name, task.spec.type, tailLines);
  } catch (err) {
    // As the original: no log (no kubelet, container gone) means no outputs, not a failure.
    deps.log.info('agent log unavailable', { pod: pod.metadata.name, err });
    return '';
  }
}

async function afterWrite(deps: CaptureDeps, task: Stored<Task>, decision: CaptureDecision): Promise<void> {
  const phase = task.status?.phase;
  deps.log.info('Task status updated', { phase, podName: task.status?.podName });
  if (decision.terminal) {
    recordTerminalMetrics(deps.metrics, task, decision.terminal, deps.now());
    await releaseQuietly(deps, task);
  }
  if (decision.event) await deps.emit(taskEvent(decision.event, task));
}

/** The Pod of a Task failed for an image that never came: the kubelet would retry the pull forever. */
async function deletePodQuietly(deps: CaptureDeps, pod: Stored<Pod>): Promise<void> {
  const { namespace, name, uid } = pod.metadata;
  try {
    await deps.kube.delete({ apiVersion: 'v1', kind: 'Pod', namespace, name }, uid ? { uid } : {});
    deps.log.info('deleted the Pod of a Task whose image could not be pulled', { pod: name });
  } catch (err) {
    // The Task is already Failed; the Pod goes with the Task at the latest (ownerReference).
    deps.log.warn('could not delete Pod', { pod: name, err });
  }
}

async function releaseQuietly(deps: CaptureDeps, task: Stored<Task>): Promise<void> {
  if (!task.spec.branch) return;
  try {
    if (await releaseBranchLease(deps.kube, task))
      deps.log.info('released branch', { branch: task.spec.branch });
  } catch (err) {
    // The Lease is owned by the Task, so GC removes it at the latest with the Task; a later event retries.
    deps.log.warn('could not release branch Lease', { branch: task.spec.branch, err });
  }
}
