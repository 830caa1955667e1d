/**
 * Takes POD_FINALIZER off a Pod whose Task is gone or going
 * (core/task/pod-tombstone.ts says when and why). The patch carries the
 * resourceVersion the decision was made from; on a Conflict the Pod is read
 * again and the decision made again, once.
 */
import { API_VERSION, LABEL_TASK } from '../core/api/constants.js';
import type { Task } from '../core/api/types.js';
import { isConflict, isNotFound } from '../core/k8s/errors.js';
import type { HandlerDeps } from '../core/runtime/contract.js';
import { sweepObjects } from '../core/runtime/sweep.js';
import type { Pod } from '../core/task/pod-types.js';
import { decideTombstone, holdsTombstone, releasePatch } from '../core/task/pod-tombstone.js';
import type { TaskObject } from '../core/task/objects.js';

type Deps = Pick<HandlerDeps<unknown>, 'kube' | 'log'>;

const podRef = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'Pod', namespace, name });

/** `pod` as read (or listed); `task` the current Task of the Pod's name (undefined: none). Returns whether it was released. */
export async function releaseTombstone(deps: Deps, pod: Pod, task: Task | undefined): Promise<boolean> {
  const namespace = pod.metadata.namespace!;
  const name = pod.metadata.name!;
  let current: Pod | undefined = pod;
  for (let attempt = 0; attempt < 2 && current; attempt++) {
    const decision = decideTombstone(current, task);
    if (!decision.release) return false;
    try {
      await deps.kube.patch(podRef(namespace, name), releasePatch(current));
      deps.log.info('released the Pod of a gone Task', { pod: name, reason: decision.reason });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      if (!isConflict(err) || attempt > 0) throw err;
    }
    current = await deps.kube.get<Pod>(podRef(namespace, name));
  }
  return false;
}

/**
 * A Pod event whose Task is absent or being deleted (no Pod read so far):
 * read the Pod (unless the event says it is gone) and release it if it holds
 * the finalizer.
 */
export async function releaseIfTombstone(
  deps: Deps,
  namespace: string,
  podName: string,
  task: Task | undefined,
): Promise<boolean> {
  const pod = await deps.kube.get<Pod>(podRef(namespace, podName));
  if (!holdsTombstone(pod)) return false;
  return releaseTombstone(deps, pod, task);
}

/**
 * The resync sweep's share, per listed Pod holding the finalizer: `listed` is
 * the Task of its name from the sweep's list. When that says absent or
 * another uid, the Task is read again first: the Pods were listed after the
 * Tasks, so the Pod may belong to a Task created in between.
 */
export async function releaseOrphan(deps: Deps, pod: Pod, listed: Task | undefined): Promise<boolean> {
  if (!decideTombstone(pod, listed).release) return false;
  const task = listed?.metadata.deletionTimestamp
    ? listed
    : await deps.kube.get<TaskObject>({
        apiVersion: API_VERSION,
        kind: 'Task',
        namespace: pod.metadata.namespace!,
        name: taskNameOf(pod),
      });
  return releaseTombstone(deps, pod, task);
}

/** The resync tick: every listed Pod holding the finalizer, against the listed Task of its name. */
export async function sweepTombstones(
  deps: Deps,
  tasks: readonly Task[],
  pods: readonly Pod[],
): Promise<void> {
  const key = (ns: string | undefined, name: string | undefined) => `${ns}/${name}`;
  const taskByName = new Map(tasks.map((t) => [key(t.metadata.namespace, t.metadata.name), t]));
  const held = pods.filter((p) => holdsTombstone(p));
  await sweepObjects(
    deps.log,
    held,
    (pod, log) =>
      releaseOrphan({ ...deps, log }, pod, taskByName.get(key(pod.metadata.namespace, taskNameOf(pod)))),
    { kind: 'Pod' },
  );
}

/** The Task a Pod serves is named by its label (launch-pod names the Pod after it too). */
export function taskNameOf(pod: Pod): string {
  return pod.metadata.labels?.[LABEL_TASK] ?? pod.metadata.name!;
}
