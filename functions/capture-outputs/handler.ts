/**
 * capture-outputs: Pod events (Pods labelled kelos.dev/task), Task events and
 * resync ticks. A Pod event leads to its Task (label, else the Pod's name,
 * which is the Task's); a Task event follows that Task's Pod and applies its
 * TTL; a tick sweeps every Task with one list of Tasks and one of Pods.
 */
import { API_VERSION, LABEL_TASK } from '../core/api/constants.js';
import type { Handler, HandlerResult } from '../core/runtime/contract.js';
import { sweepObjects } from '../core/runtime/sweep.js';
import { isFinished } from '../core/task/is-finished.js';
import type { Stored } from '../core/api/kube-types.js';
import type { TaskObject } from '../core/task/objects.js';
import type { Pod } from '../core/task/pod-types.js';
import { applyTtl } from './apply-ttl.js';
import { captureTask, type CaptureDeps } from './capture-task.js';
import type { CaptureOutputsConfig } from './config.js';
import { sweepTombstones } from './release-tombstone.js';

export const handle: Handler<CaptureOutputsConfig> = async (request, deps) => {
  if (request.type === 'resync') return sweep(deps);
  if (request.type !== 'object') return 'ignored';
  if (request.kind === 'Task' && request.apiVersion === API_VERSION) {
    return captureTask(deps, request.namespace, request.name);
  }
  if (request.kind === 'Pod' && request.apiVersion === 'v1') {
    const taskName = request.hint?.metadata.labels?.[LABEL_TASK] ?? request.name;
    return captureTask(deps, request.namespace, taskName, undefined, {
      name: request.name,
      verb: request.verb,
    });
  }
  return 'ignored';
};

const key = (ns: string, name: string): string => `${ns}/${name}`;

async function sweep(deps: CaptureDeps): Promise<HandlerResult> {
  // Tasks first, then Pods: a Pod recorded in a listed Task existed before the Pod list was read.
  const tasks = await deps.kube.list<TaskObject>(API_VERSION, 'Task', deps.config.watchNamespace);
  const pods = await deps.kube.list<Pod>('v1', 'Pod', deps.config.watchNamespace, {
    labelSelector: LABEL_TASK,
  });
  const podByName = new Map(pods.items.map((p) => [key(p.metadata.namespace, p.metadata.name), p]));
  const visit = async (task: Stored<TaskObject>, log: CaptureDeps['log']) => {
    const { namespace, name } = task.metadata;
    if (isFinished(task)) return applyTtl({ ...deps, log }, task);
    const pod = podByName.get(key(namespace, task.status?.podName || name));
    // Nothing to follow yet: no Pod and none recorded.
    if (!pod && !task.status?.podName) return;
    // A listed Pod is a fine hint; an absent one is re-read, since the Task may have moved on since the list.
    return captureTask({ ...deps, log }, namespace, name, pod);
  };
  // A failed Task visit (answered 503 once both sweeps ran) must not keep the Pods' sweep from running.
  const taskFailure = await sweepObjects(deps.log, tasks.items, visit, { kind: 'Task' }).then(
    () => undefined,
    (err: unknown) => ({ err }),
  );
  await sweepTombstones(deps, tasks.items, pods.items);
  if (taskFailure) throw taskFailure.err;
  return 'handled';
}
