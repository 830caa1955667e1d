/**
 * The few reads and guarded writes a pass makes on a TaskSpawner and its
 * Tasks. Every write carries the resourceVersion it was computed from, so a
 * concurrent replica's write makes it fail with Conflict instead of being lost.
 */
import { API_VERSION, LABEL_TASKSPAWNER } from '../core/api/constants.js';
import type { KubeObject, Stored } from '../core/api/kube-types.js';
import type { TaskSpawner, TaskSpawnerStatus } from '../core/api/types.js';
import type { KubePort, ObjectRef } from '../core/k8s/port.js';
import { LEDGER_ANNOTATION, serializeLedger, type Ledger } from './decide/ledger.js';
import type { TaskObject } from '../core/task/objects.js';

export type { TaskObject } from '../core/task/objects.js';

/** A TaskSpawner as the API server returns it. */
export type SpawnerObject = Stored<TaskSpawner & KubeObject>;

export function spawnerRef(namespace: string, name: string): ObjectRef {
  return { apiVersion: API_VERSION, kind: 'TaskSpawner', namespace, name };
}

export function getSpawner(
  kube: KubePort,
  namespace: string,
  name: string,
): Promise<SpawnerObject | undefined> {
  return kube.get<SpawnerObject>(spawnerRef(namespace, name));
}

/** The spawner as it is now (after a Conflict), or undefined when it is gone. */
export function rereadSpawner(kube: KubePort, spawner: SpawnerObject): Promise<SpawnerObject | undefined> {
  return getSpawner(kube, spawner.metadata.namespace, spawner.metadata.name);
}

export async function listSpawnerTasks(
  kube: KubePort,
  spawner: SpawnerObject,
): Promise<Stored<TaskObject>[]> {
  const list = await kube.list<TaskObject>(API_VERSION, 'Task', spawner.metadata.namespace, {
    labelSelector: `${LABEL_TASKSPAWNER}=${spawner.metadata.name}`,
    // From the watch cache: the ledger, not the list, guards the limits (decide/ledger.ts).
    resourceVersion: '0',
  });
  return list.items;
}

/** Writes the ledger annotation; 409 Conflict when the spawner changed since it was read. */
export function writeLedger(kube: KubePort, spawner: SpawnerObject, ledger: Ledger): Promise<SpawnerObject> {
  const body = {
    metadata: {
      resourceVersion: spawner.metadata.resourceVersion,
      annotations: { [LEDGER_ANNOTATION]: serializeLedger(ledger) },
    },
  };
  return kube.patch<SpawnerObject>(
    spawnerRef(spawner.metadata.namespace, spawner.metadata.name),
    body,
    'merge',
  );
}

export function writeStatus(
  kube: KubePort,
  spawner: SpawnerObject,
  status: TaskSpawnerStatus,
): Promise<SpawnerObject> {
  return kube.replaceStatus<SpawnerObject>({ ...spawner, status });
}
