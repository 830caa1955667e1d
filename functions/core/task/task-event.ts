/**
 * The dev.kelos.task.* CloudEvents (SPEC.md §2): source is the Task's API
 * path, subject its name, data a summary of its status. Never carries
 * secrets: only phase, message, outputs, results, usage, labels and the
 * GitHub item the Task was spawned from.
 */
import { LABEL_TASKSPAWNER } from '../api/constants.js';
import type { Task } from '../api/types.js';
import type { OutgoingEvent } from '../runtime/contract.js';
import { readOrigin } from './github-origin.js';

/**
 * `admitted` is ours, beyond the original's set: resolve-dependencies sends it
 * after its Admitted write so that launch-pod is woken by that step alone
 * (knative/45-triggers.yaml), not by every Task update.
 */
export type TaskEventKind = 'waiting' | 'admitted' | 'running' | 'succeeded' | 'failed';

export function taskSource(namespace: string, name: string): string {
  return `/apis/kelos.dev/v1alpha1/namespaces/${namespace}/tasks/${name}`;
}

export function taskEvent(kind: TaskEventKind, task: Task): OutgoingEvent {
  const status = task.status ?? {};
  const data: Record<string, unknown> = {
    namespace: task.metadata.namespace,
    name: task.metadata.name,
    uid: task.metadata.uid,
    // The version as written: a subscriber reads the Task at it or newer (core/k8s/get-not-older.ts).
    ...(task.metadata.resourceVersion ? { resourceVersion: task.metadata.resourceVersion } : {}),
    type: task.spec.type,
    phase: status.phase ?? '',
    message: status.message ?? '',
  };
  if (status.podName) data['podName'] = status.podName;
  if (task.spec.branch) data['branch'] = task.spec.branch;
  const spawner = task.metadata.labels?.[LABEL_TASKSPAWNER];
  if (spawner) data['spawner'] = spawner;
  // The GitHub item it was spawned from (SPEC.md §2), for subscribers that report elsewhere.
  const origin = readOrigin(task);
  if (origin) {
    const repository = `https://${origin.host}/${origin.owner}/${origin.repo}`;
    data['github'] = { kind: origin.kind, number: origin.number, repository };
  }
  if (status.startTime) data['startTime'] = status.startTime;
  if (status.completionTime) data['completionTime'] = status.completionTime;
  if (status.outputs) data['outputs'] = status.outputs;
  if (status.results) data['results'] = status.results;
  if (status.usage) data['usage'] = status.usage;
  return {
    type: `dev.kelos.task.${kind}`,
    source: taskSource(task.metadata.namespace ?? '', task.metadata.name ?? ''),
    subject: task.metadata.name ?? '',
    data,
  };
}
