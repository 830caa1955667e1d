/**
 * resolve-dependencies: Task events and resync ticks → each Task without a
 * Pod is moved to Waiting, Failed, or admitted (condition Admitted=True) for
 * launch-pod. When a Task finished or was deleted, the Tasks that depend on
 * it or wait for its branch are looked at again at once.
 */
import { API_VERSION } from '../core/api/constants.js';
import type { Task } from '../core/api/types.js';
import type { Handler, HandlerDeps, HandlerResult, ObjectRequest } from '../core/runtime/contract.js';
import { isFinished } from '../core/task/is-finished.js';
import type { TaskObject } from '../core/task/objects.js';
import type { ResolveConfig } from './config.js';
import { skipReason } from './decide.js';
import { relatedTasks } from './related-tasks.js';
import { resolveTask } from './resolve-task.js';
import { resolveEach } from './resolve-each.js';
import { listAll } from '../core/k8s/list-pages.js';
import { leftToEvent } from '../core/runtime/sweep-min-age.js';

export const handle: Handler<ResolveConfig> = async (request, deps) => {
  if (request.type === 'resync') return sweep(deps);
  if (request.type !== 'object' || request.kind !== 'Task' || request.apiVersion !== API_VERSION)
    return 'ignored';
  return onTask(request, deps);
};

async function onTask(request: ObjectRequest, deps: HandlerDeps<ResolveConfig>): Promise<HandlerResult> {
  const { namespace, name } = request;
  const { result, task: current } = await resolveTask(deps, namespace, name, {
    seenVersion: request.hint?.metadata.resourceVersion,
  });
  if (result !== 'gone' && result !== 'skipped') return 'handled';
  // Gone or not ours: if it finished (or was deleted), its dependents and branch waiters may move on.
  if (current && !isFinished(current)) return 'handled';
  const hint = request.hint?.kind === 'Task' ? (request.hint as unknown as Task) : undefined;
  const tasks = await listAll<TaskObject>(deps.kube, { apiVersion: API_VERSION, kind: 'Task', namespace });
  const related = relatedTasks(name, current ?? hint, tasks).filter((t) => !skipReason(t));
  await resolveEach(deps, related, tasks);
  return 'handled';
}

async function sweep(deps: HandlerDeps<ResolveConfig>): Promise<HandlerResult> {
  const tasks = await listAll<TaskObject>(deps.kube, {
    apiVersion: API_VERSION,
    kind: 'Task',
    namespace: deps.config.watchNamespace,
  });
  const now = deps.now();
  const gated = tasks.filter((t) => !skipReason(t));
  const due = gated.filter((t) => !addEventInFlight(t, now, deps.config.sweepMinAgeMs));
  deps.log.info('resync sweep', {
    listed: tasks.length,
    gated: gated.length,
    leftToEvents: gated.length - due.length,
  });
  await resolveEach(deps, due, tasks);
  return 'handled';
}

/**
 * A Task never resolved (no phase yet) and written less than the minimum age
 * ago: its add event is still on its way (queued in a long burst) and resolves
 * it; the first tick after it is old enough resolves it if that event was lost.
 * A Waiting Task is not left: no event of its own comes back here (Task
 * updates are not routed to this function), the sweep is what looks again.
 */
function addEventInFlight(task: TaskObject, now: Date, minAgeMs: number): boolean {
  return !task.status?.phase && leftToEvent(task.metadata, now, minAgeMs);
}
