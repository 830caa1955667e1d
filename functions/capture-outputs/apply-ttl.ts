/** Deletes a finished Task whose ttlSecondsAfterFinished has passed (Background propagation: its Pod and Secret follow). */
import { API_VERSION } from '../core/api/constants.js';
import type { Stored } from '../core/api/kube-types.js';
import type { Task } from '../core/api/types.js';
import type { HandlerDeps } from '../core/runtime/contract.js';
import { decideTtl } from '../core/task/ttl.js';

export async function applyTtl(deps: HandlerDeps<unknown>, task: Stored<Task>): Promise<boolean> {
  if (decideTtl(task, deps.now()).kind !== 'expired') return false;
  const { namespace, name, uid } = task.metadata;
  const deleted = await deps.kube.delete(
    { apiVersion: API_VERSION, kind: 'Task', namespace, name },
    { propagationPolicy: 'Background', ...(uid ? { uid } : {}) },
  );
  if (deleted)
    deps.log.info('Deleting Task due to TTL expiration', {
      namespace,
      name,
      ttl: task.spec.ttlSecondsAfterFinished,
    });
  return deleted;
}
