/**
 * capture-outputs: Pod events (Pods labelled kelos.dev/task), Task events and
 * resync ticks. A Pod event leads to its Task (label, else the Pod's name,
 * which is the Task's), unless its object shows a Pod no kubelet reported on
 * yet (unstarted-pod.ts); a Task event follows that Task's Pod and applies its
 * TTL; a tick sweeps every Task with one list of Tasks and one of Pods.
 */
import { API_VERSION, LABEL_TASK } from '../core/api/constants.js';
import type { Handler, HandlerResult } from '../core/runtime/contract.js';
import { listPages } from '../core/k8s/list-pages.js';
import { sweepPages } from '../core/runtime/sweep.js';
import { isFinished } from '../core/task/is-finished.js';
import type { Stored } from '../core/api/kube-types.js';
import type { TaskObject } from '../core/task/objects.js';
import { applyTtl } from './apply-ttl.js';
import { captureTask, type CaptureDeps } from './capture-task.js';
import type { CaptureOutputsConfig } from './config.js';
import { podKey } from '../core/task/pod-key.js';
import { readPodIndex } from './pod-index.js';
import { createTombstoneSweep } from './release-tombstone.js';
import { isUnstartedPod } from './unstarted-pod.js';
import { sweepSkip } from './sweep-skip.js';

export const handle: Handler<CaptureOutputsConfig> = async (request, deps) => {
  if (request.type === 'resync') return sweep(deps);
  if (request.type !== 'object') return 'ignored';
  if (request.kind === 'Task' && request.apiVersion === API_VERSION) {
    return captureTask(deps, request.namespace, request.name);
  }
  if (request.kind === 'Pod' && request.apiVersion === 'v1') {
    if (request.verb !== 'delete' && isUnstartedPod(request.hint)) return 'ignored';
    const taskName = request.hint?.metadata.labels?.[LABEL_TASK] ?? request.name;
    return captureTask(deps, request.namespace, taskName, undefined, {
      name: request.name,
      verb: request.verb,
    });
  }
  return 'ignored';
};

async function sweep(deps: CaptureDeps): Promise<HandlerResult> {
  // Pods first, then Tasks, both page by page: a Task whose Pod is not in the index (created
  // since) has its Pod re-read by captureTask, so the order loses nothing.
  const podByName = await readPodIndex(deps.kube, deps.config.watchNamespace);
  // Pods holding the finalizer whose Task the pages below do not show alive (pod-tombstone.ts).
  const tombstones = createTombstoneSweep(deps, podByName.values());
  const now = deps.now();
  const passed = { idle: 0, 'in-flight': 0 };
  const visit = async (task: Stored<TaskObject>, log: CaptureDeps['log']) => {
    const { namespace, name } = task.metadata;
    if (isFinished(task)) return applyTtl({ ...deps, log }, task);
    const pod = podByName.get(podKey(namespace, task.status?.podName || name));
    // Nothing to follow yet: no Pod and none recorded.
    if (!pod && !task.status?.podName) return;
    // The listed Task and Pod say nothing is to be written, or the Pod's own event is on its way (sweep-skip.ts).
    const skip = pod ? sweepSkip(task, pod, now, deps.config) : undefined;
    if (skip) {
      passed[skip]++;
      return;
    }
    // A listed Pod is a fine hint; an absent one is re-read, since the Task may have moved on since the list.
    return captureTask({ ...deps, log }, namespace, name, pod);
  };
  const tasks = listPages<TaskObject>(deps.kube, {
    apiVersion: API_VERSION,
    kind: 'Task',
    namespace: deps.config.watchNamespace,
  });
  // A failed Task visit (answered 503 once both ran) must not keep the tombstones' sweep from running.
  const taskFailure = await sweepPages(deps.log, tombstones.pages(tasks), tombstones.seeing(visit), {
    kind: 'Task',
  }).then(
    () => undefined,
    (err: unknown) => ({ err }),
  );
  await tombstones.releaseOrphans();
  deps.log.info('resync sweep', {
    pods: podByName.size,
    idle: passed.idle,
    leftToEvents: passed['in-flight'],
  });
  if (taskFailure) throw taskFailure.err;
  return 'handled';
}
