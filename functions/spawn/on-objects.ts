/**
 * TaskSpawner events, Task events and resync ticks. Each re-reads the
 * spawner and runs a pass only when one is due, so the status writes of a
 * pass (which come back as TaskSpawner update events) settle instead of looping.
 */
import { API_VERSION, LABEL_TASKSPAWNER } from '../core/api/constants.js';
import type { ObjectRequest, ResyncRequest } from '../core/runtime/contract.js';
import { isFinished } from '../core/task/is-finished.js';
import { readLedger } from './decide/ledger.js';
import { cronDue, discoveryDue } from './decide/schedule.js';
import { recordSuspended, runDiscoveryPass } from './run-pass.js';
import type { SpawnEnv } from './spawn-env.js';
import { getSpawner, type SpawnerObject, type TaskObject } from './spawner-io.js';
import { sweepObjects } from '../core/runtime/sweep.js';

function due(spawner: SpawnerObject, now: Date): boolean {
  return discoveryDue(spawner, now) || cronDue(spawner, readLedger(spawner), now);
}

export async function onSpawnerEvent(env: SpawnEnv, request: ObjectRequest): Promise<'handled' | 'ignored'> {
  if (request.verb === 'delete') return 'ignored';
  const spawner = await getSpawner(env.kube, request.namespace, request.name);
  if (!spawner || spawner.metadata.deletionTimestamp) return 'ignored';
  if (spawner.spec.suspend) {
    await recordSuspended(env, spawner);
    return 'handled';
  }
  const now = env.now();
  if (!due(spawner, now)) return 'ignored';
  await runDiscoveryPass(env, spawner, now);
  return 'handled';
}

/** The spawner of a Task: its label, or (a deleted Task seen by reference only) the spawner whose name prefixes it. */
async function spawnerOfTask(
  env: SpawnEnv,
  request: ObjectRequest,
): Promise<{ name?: string; finished: boolean; task?: TaskObject | null }> {
  // A consistent read (not the watch cache): the pass trusts it over its cached list.
  const task = await env.kube.get<TaskObject>({
    apiVersion: API_VERSION,
    kind: 'Task',
    namespace: request.namespace,
    name: request.name,
  });
  if (task) {
    const name = task.metadata.labels?.[LABEL_TASKSPAWNER];
    return name ? { name, finished: isFinished(task), task } : { finished: false };
  }
  if (request.verb !== 'delete') return { finished: false };
  const hinted = request.hint?.metadata.labels?.[LABEL_TASKSPAWNER];
  if (hinted) return { name: hinted, finished: true, task: null };
  const list = await env.kube.list<SpawnerObject>(API_VERSION, 'TaskSpawner', request.namespace, {
    resourceVersion: '0',
  });
  const owner = list.items
    .map((s) => s.metadata.name)
    .filter((n) => n && request.name.startsWith(`${n}-`))
    .sort((a, b) => b.length - a.length)[0];
  return owner ? { name: owner, finished: true, task: null } : { finished: false };
}

export async function onTaskEvent(env: SpawnEnv, request: ObjectRequest): Promise<'handled' | 'ignored'> {
  const { name, finished, task } = await spawnerOfTask(env, request);
  if (!name || !finished) return 'ignored';
  const spawner = await getSpawner(env.kube, request.namespace, name);
  if (!spawner || spawner.spec.suspend || spawner.metadata.deletionTimestamp) return 'ignored';
  const known = new Map<string, TaskObject | null>([[request.name, task ?? null]]);
  await runDiscoveryPass(env, spawner, env.now(), known);
  return 'handled';
}

/** The sweep: every spawner with a due poll or cron tick. The ping's time is "now", so ticks are judged on schedule. */
export async function onResync(env: SpawnEnv, request: ResyncRequest): Promise<'handled' | 'ignored'> {
  const parsed = Date.parse(request.time);
  const now = Number.isNaN(parsed) ? env.now() : new Date(parsed);
  const list = await env.kube.list<SpawnerObject>(API_VERSION, 'TaskSpawner', env.config.watchNamespace, {
    resourceVersion: '0',
  });
  const live = list.items.filter((s) => !s.metadata.deletionTimestamp);
  await sweepObjects(
    env.log,
    live,
    async (spawner) => {
      if (spawner.spec.suspend) await recordSuspended(env, spawner);
      else if (due(spawner, now)) await runDiscoveryPass(env, spawner, now);
    },
    { kind: 'TaskSpawner' },
  );
  return 'handled';
}
