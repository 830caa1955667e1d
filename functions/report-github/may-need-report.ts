/**
 * Whether an event may concern a Task that report-github reports, decided
 * from the event alone (pure): only Tasks spawned from a GitHub item carry
 * the origin labels (core/task/github-origin.ts), set by spawn when it
 * creates them. A Resource-mode event carries the Task, and our own
 * dev.kelos.task.* events say `github` in their data when it has an origin:
 * without it the event is ignored with no read. This only ever skips work
 * (SPEC.md §2: the event's content may decide that nothing needs doing); a
 * doctored event can at worst delay a report until the resync tick, which
 * sweeps the labelled Tasks from the API server.
 */
import type { ObjectRequest } from '../core/runtime/contract.js';
import { readOrigin } from '../core/task/github-origin.js';

export function mayNeedReport(request: ObjectRequest): boolean {
  if (request.hint?.kind === 'Task') return !!readOrigin(request.hint);
  if (request.summary) return request.summary['github'] !== undefined;
  // A Reference-mode event says nothing about the Task: read it.
  return true;
}
