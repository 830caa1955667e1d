import { API_VERSION } from '../api/constants.js';
import type { OwnerReference, Stored } from '../api/kube-types.js';
import type { Task } from '../api/types.js';

/**
 * The controller ownerReference that ties an object launch-pod creates (the
 * Pod, the GitHub token Secret) to its Task, so the garbage collector removes
 * it with the Task and the Task cannot go before it does.
 */
export function taskOwnerReference(task: Stored<Task>): OwnerReference {
  return {
    apiVersion: API_VERSION,
    kind: 'Task',
    name: task.metadata.name,
    uid: task.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}
