/**
 * One guarded Task status write (DESIGN.md "Events are hints"): compute the
 * new status from the Task as read, write it with that resourceVersion, and
 * on a Conflict re-read and recompute — never overwrite a newer state.
 */
import { API_VERSION } from '../api/constants.js';
import type { Stored } from '../api/kube-types.js';
import type { Task, TaskStatus } from '../api/types.js';
import type { TaskObject } from './objects.js';
import { isConflict } from '../k8s/errors.js';
import type { KubePort } from '../k8s/port.js';
import { ConflictError } from '../runtime/errors.js';

/** Returns the status to write, or undefined when nothing should change. */
export type ComputeStatus = (task: Task) => TaskStatus | undefined;

export interface StatusWrite {
  /** The Task after the write (or as last read, when nothing was written). */
  task: Stored<Task> | undefined;
  written: boolean;
}

const ATTEMPTS = 4;

export async function updateTaskStatus(
  kube: KubePort,
  start: Stored<Task>,
  compute: ComputeStatus,
): Promise<StatusWrite> {
  let task: Stored<Task> | undefined = start;
  for (let attempt = 1; task; attempt++) {
    const next = compute(task);
    if (!next) return { task, written: false };
    try {
      const written = await kube.replaceStatus<TaskObject>({ ...task, status: next });
      return { task: written, written: true };
    } catch (err) {
      if (!isConflict(err)) throw err;
      if (attempt >= ATTEMPTS) {
        throw new ConflictError(
          `status of Task ${task.metadata.namespace}/${task.metadata.name} kept changing`,
          { cause: err },
        );
      }
    }
    task = await kube.get<TaskObject>({
      apiVersion: API_VERSION,
      kind: 'Task',
      namespace: start.metadata.namespace,
      name: start.metadata.name,
    });
    // A re-created Task with the same name is a different object: leave it alone.
    if (task && task.metadata.uid !== start.metadata.uid) return { task, written: false };
  }
  return { task: undefined, written: false };
}
