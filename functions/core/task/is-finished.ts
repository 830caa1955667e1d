import type { Task } from '../api/types.js';

/** A Task in a terminal phase: it never changes again, only its TTL and lock release remain. */
export function isFinished(task: Pick<Task, 'status'>): boolean {
  return task.status?.phase === 'Succeeded' || task.status?.phase === 'Failed';
}
