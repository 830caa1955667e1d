/**
 * The Task a `dev.kelos.taskspawner.spawned` event names, when its work item
 * is a GitHub issue or pull request (it has a number; a cron tick has none):
 * report-github's cue for a new Task's first comment, so it is not woken for
 * every Task anyone creates (pure). A hint only: reportTask reads the Task and
 * reports it only when the API server's copy carries the origin labels, and a
 * Task whose event was lost is swept by the resync tick.
 */
import { SPAWNED_EVENT_TYPE } from '../core/api/constants.js';
import type { ObjectRequest } from '../core/runtime/contract.js';

export interface TaskRef {
  namespace: string;
  name: string;
}

/** `undefined`: not a spawned event, or one whose item is no GitHub issue or pull request. */
export function spawnedTask(request: ObjectRequest): TaskRef | undefined {
  if (request.eventType !== SPAWNED_EVENT_TYPE || request.kind !== 'TaskSpawner') return undefined;
  const task = request.summary?.['task'];
  const item = request.summary?.['item'];
  const number =
    typeof item === 'object' && item !== null ? (item as Record<string, unknown>)['number'] : undefined;
  if (typeof task !== 'string' || task === '' || typeof number !== 'number' || number <= 0) return undefined;
  return { namespace: request.namespace, name: task };
}
