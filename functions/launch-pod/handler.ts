/**
 * launch-pod: Task events and resync ticks → one Pod per admitted Task.
 * A Task event names the Task to look at; a resync tick sweeps every Task
 * in the cluster that is admitted and whose Pod does not exist (one list of
 * the agent Pods' names per sweep, pod-names.ts), unless it was admitted less
 * than KELOS_SWEEP_MIN_AGE ago (its `admitted` event is on its way).
 */
import { API_VERSION } from '../core/api/constants.js';
import type { TaskObject } from '../core/task/objects.js';
import type { Handler, HandlerResult, ObjectRequest } from '../core/runtime/contract.js';
import { listPages } from '../core/k8s/list-pages.js';
import { sweepPages } from '../core/runtime/sweep.js';
import { leftToEvent } from '../core/runtime/sweep-min-age.js';
import type { LaunchPodConfig } from './config.js';
import { decideLaunch } from './decide.js';
import { launchTask, type LaunchDeps } from './launch-task.js';
import { podKey } from '../core/task/pod-key.js';
import { readPodNames } from './pod-names.js';

export const handle: Handler<LaunchPodConfig> = async (request, deps) => {
  if (request.type === 'resync') return sweep(deps);
  if (request.type !== 'object' || request.kind !== 'Task' || request.apiVersion !== API_VERSION)
    return 'ignored';
  if (request.verb === 'delete') return 'ignored';
  return launchTask(deps, request.namespace, request.name, seenVersion(request));
};

/** The version the event saw: our own events' summary carries it, a Resource-mode event its object. */
function seenVersion(request: ObjectRequest): string | undefined {
  const fromSummary = request.summary?.['resourceVersion'];
  return typeof fromSummary === 'string' ? fromSummary : request.hint?.metadata.resourceVersion;
}

async function sweep(deps: LaunchDeps): Promise<HandlerResult> {
  const namespace = deps.config.watchNamespace;
  // Pods first, then Tasks: a Pod created after this list (by an event) makes the launch below find
  // its name taken (AlreadyExists, nothing written), so the order loses nothing and duplicates nothing.
  const pods = await readPodNames(deps.kube, namespace);
  const target = { apiVersion: API_VERSION, kind: 'Task', namespace };
  const now = deps.now();
  let leftToEvents = 0;
  async function* candidates() {
    // Page by page (list-pages.ts): only the admitted Tasks with no Pod of their name are kept.
    // A namesake's Pod still held by its finalizer also counts: the create would only find it taken.
    for await (const page of listPages<TaskObject>(deps.kube, target)) {
      const waiting = page.filter(
        (t) => decideLaunch(t).launch && !pods.has(podKey(t.metadata.namespace, t.metadata.name)),
      );
      // Admitted less than the minimum age ago: its `admitted` event is on its way and launches it
      // (launching here too would POST the Pod twice); a lost one is made good once it is old enough.
      const due = waiting.filter((t) => !leftToEvent(t.metadata, now, deps.config.sweepMinAgeMs));
      leftToEvents += waiting.length - due.length;
      yield due;
    }
  }
  const result = await sweepPages(
    deps.log,
    candidates(),
    (task, log) =>
      launchTask(
        { ...deps, log },
        task.metadata.namespace,
        task.metadata.name,
        task.metadata.resourceVersion,
      ),
    { kind: 'Task' },
  );
  deps.log.info('resync sweep', { visited: result.visited, leftToEvents });
  return 'handled';
}
