/** Small builders for Task-shaped test data (plain objects, as the API server returns them). */
import type { Stored } from '../../../functions/core/api/kube-types.js';
import type { Task, TaskSpec, TaskStatus } from '../../../functions/core/api/types.js';

let seq = 0;

export function makeTask(
  name: string,
  spec: Partial<TaskSpec> = {},
  status?: TaskStatus,
  created?: string,
): Stored<Task> {
  seq += 1;
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-${name}`,
      resourceVersion: String(seq),
      generation: 1,
      creationTimestamp: created ?? '2026-11-25T10:00:00Z',
    },
    spec: {
      type: 'claude-code',
      prompt: 'do it',
      credentials: { type: 'api-key', secretRef: { name: 'creds' } },
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}
