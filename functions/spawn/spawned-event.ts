/** The `dev.kelos.taskspawner.spawned` event emitted for each Task a spawner creates (SPEC.md §2). */
import { API_VERSION, PLURALS, SPAWNED_EVENT_TYPE } from '../core/api/constants.js';
import type { Stored } from '../core/api/kube-types.js';
import type { Task, TaskSpawner } from '../core/api/types.js';
import type { OutgoingEvent } from '../core/runtime/contract.js';
import type { WorkItem } from './decide/work-item.js';

export function spawnedEvent(
  spawner: Stored<TaskSpawner>,
  task: Stored<Task>,
  item: WorkItem,
): OutgoingEvent {
  const { namespace: ns, name } = spawner.metadata;
  const workItem: Record<string, unknown> = { id: item.id, kind: item.kind || 'Issue', title: item.title };
  if (item.number) workItem['number'] = item.number;
  if (item.url) workItem['url'] = item.url;
  if (item.time) workItem['time'] = item.time;
  return {
    type: SPAWNED_EVENT_TYPE,
    source: `/apis/${API_VERSION}/namespaces/${ns}/${PLURALS.TaskSpawner}/${name}`,
    subject: name,
    data: { spawner: name, namespace: ns, task: task.metadata.name, item: workItem },
  };
}
