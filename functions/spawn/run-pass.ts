/**
 * The passes spawn runs for one TaskSpawner: a full discovery pass (poll,
 * cron, Task finished, spawner changed), an item pass (one webhook item), and
 * the suspended pass, which only records the Suspended status.
 */
import { isConflict, isKubeError } from '../core/k8s/errors.js';
import { RateLimitedError } from '../core/github/rate-limit.js';
import { TransientError } from '../core/runtime/errors.js';
import { pendingStatus, sameStatus, suspendedStatus } from './decide/spawner-status.js';
import type { WorkItem } from './decide/work-item.js';
import { admitItems } from './admit.js';
import { discover } from './discover.js';
import { finalizePass } from './finalize.js';
import { WorkspaceMissingError } from './github/github-access.js';
import type { SpawnEnv } from './spawn-env.js';
import { rereadSpawner, writeStatus, type SpawnerObject, type TaskObject } from './spawner-io.js';
import type { TaskSpawnerStatus } from '../core/api/types.js';

async function writeStatusIfChanged(
  env: SpawnEnv,
  start: SpawnerObject,
  compute: (s: SpawnerObject) => TaskSpawnerStatus | undefined,
): Promise<void> {
  let spawner = start;
  for (let attempt = 0; attempt < 10; attempt++) {
    const status = compute(spawner);
    if (!status || sameStatus(spawner.status, status)) return;
    try {
      await writeStatus(env.kube, spawner, status);
      return;
    } catch (err) {
      if (!isConflict(err)) throw err;
      const fresh = await rereadSpawner(env.kube, spawner);
      if (!fresh) return;
      spawner = fresh;
    }
  }
}

export function recordSuspended(env: SpawnEnv, spawner: SpawnerObject): Promise<void> {
  return writeStatusIfChanged(env, spawner, (s) =>
    s.spec.suspend ? suspendedStatus(s, env.now()) : undefined,
  );
}

/** Full discovery then admission. Source failures are logged (the next tick retries); API-server outages are thrown (503). */
export async function runDiscoveryPass(
  env: SpawnEnv,
  spawner: SpawnerObject,
  now: Date,
  known?: ReadonlyMap<string, TaskObject | null>,
): Promise<void> {
  const log = env.log.child({ taskspawner: `${spawner.metadata.namespace}/${spawner.metadata.name}` });
  if (spawner.spec.suspend) return recordSuspended(env, spawner);
  let discovery;
  try {
    discovery = await discover(env, spawner, now);
  } catch (err) {
    if (err instanceof WorkspaceMissingError) {
      log.info(`${err.message}, waiting for it`);
      return writeStatusIfChanged(env, spawner, (s) =>
        s.spec.suspend ? undefined : pendingStatus(s, err.message),
      );
    }
    if (err instanceof RateLimitedError) {
      log.warn(err.message);
      return;
    }
    if (isKubeError(err) && err.transient)
      throw new TransientError('discovery: API server unavailable', { cause: err });
    log.error('discovery failed', { error: describe(err) });
    env.countError();
    return;
  }
  const result = await admitItems({ ...env, log }, spawner, discovery.items, known);
  if (result.limit) log.info('limit reached, remaining items wait', { limit: result.limit });
  await finalizePass({ ...env, log }, result, discovery.facts);
}

/** Admits given items (a webhook delivery) without a full discovery. */
export async function runItemPass(
  env: SpawnEnv,
  spawner: SpawnerObject,
  items: WorkItem[],
  listed?: Promise<TaskObject[]>,
): Promise<string[]> {
  if (spawner.spec.suspend) return [];
  const result = await admitItems(env, spawner, items, new Map(), listed);
  await finalizePass(env, result, { discoveredAt: env.now() });
  return result.created.map((c) => c.name);
}

export function describe(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error && parts.length < 4; e = e.cause) parts.push(e.message);
  return parts.join(': ') || String(err);
}
