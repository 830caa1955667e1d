/**
 * Takes POD_FINALIZER off a Pod whose Task is gone or going
 * (core/task/pod-tombstone.ts says when and why). The patch carries the
 * resourceVersion the decision was made from; on a Conflict the Pod is read
 * again and the decision made again, a few times: the garbage collector and
 * the kubelet write the same Pod while its Task goes, so one retry can lose
 * again to them.
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

const RELEASE_ATTEMPTS = 5;

const podRef = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'Pod', namespace, name });

/** `pod` as read (or listed); `task` the current Task of the Pod's name (undefined: none). Returns whether it was released. */
export async function releaseTombstone(deps: Deps, pod: Pod, task: Task | undefined): Promise<boolean> {
  const namespace = pod.metadata.namespace!;
  const name = pod.metadata.name!;
  let current: Pod | undefined = pod;
  for (let attempt = 0; attempt < RELEASE_ATTEMPTS && current; attempt++) {
    const decision = decideTombstone(current, task);
    if (!decision.release) return false;
    try {
      await deps.kube.patch(podRef(namespace, name), releasePatch(current));
      deps.log.info('released the Pod of a gone Task', { pod: name, reason: decision.reason });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      if (!isConflict(err) || attempt === RELEASE_ATTEMPTS - 1) throw err;
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

/** A Pod the sweep found no live Task for: the Task is read again (the sweep's view may be old), then decided. */
export async function releaseOrphan(deps: Deps, pod: Pod): Promise<boolean> {
  const task = await deps.kube.get<TaskObject>({
    apiVersion: API_VERSION,
    kind: 'Task',
    namespace: pod.metadata.namespace!,
    name: taskNameOf(pod),
  });
  return releaseTombstone(deps, pod, task);
}

/**
 * The resync tick's share. The Pods are listed before the Tasks, so a Pod's
 * Task existed when the Tasks were listed: each Task page seen alive crosses
 * its own Pod off, and what is left at the end holds the finalizer for a
 * Task that is gone, replaced or going (re-read to be sure, then released).
 */
export function createTombstoneSweep(deps: Deps, pods: Iterable<Pod>) {
  const key = (ns: string | undefined, name: string | undefined) => `${ns}/${name}`;
  const held = new Map<string, Pod>();
  for (const pod of pods)
    if (holdsTombstone(pod)) held.set(key(pod.metadata.namespace, taskNameOf(pod)), pod);
  let allSeen = false;
  return {
    /** Passes the Task pages through, noting whether the last one came (a list cut short proves no Task gone). */
    async *pages<T>(pages: AsyncIterable<readonly T[]>): AsyncIterable<readonly T[]> {
      yield* pages;
      allSeen = true;
    },
    /** Wraps a Task visit so that every Task seen is checked against the Pods held. */
    seeing<T extends Task, R>(visit: (task: T, log: Deps['log']) => Promise<R>) {
      return (task: T, log: Deps['log']): Promise<R> => {
        const k = key(task.metadata.namespace, task.metadata.name);
        const pod = held.get(k);
        if (pod && !decideTombstone(pod, task).release) held.delete(k);
        return visit(task, log);
      };
    },
    async releaseOrphans(): Promise<void> {
      if (!allSeen) return;
      await sweepObjects(deps.log, [...held.values()], (pod, log) => releaseOrphan({ ...deps, log }, pod), {
        kind: 'Pod',
      });
    },
  };
}

/** The Task a Pod serves is named by its label (launch-pod names the Pod after it too). */
export function taskNameOf(pod: Pod): string {
  return pod.metadata.labels?.[LABEL_TASK] ?? pod.metadata.name!;
}
