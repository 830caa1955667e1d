/**
 * Full discovery for one spawner (KELOS-BEHAVIOUR §3.4 step 3): the first
 * source of the registry that serves it lists the items; the pass facts
 * (count, time, cron window) follow from what it found.
 */
import type { WorkItem } from './decide/work-item.js';
import type { PassFacts } from './finalize.js';
import { sourceFor } from './sources/registry.js';
import type { SpawnEnv } from './spawn-env.js';
import type { SpawnerObject } from './spawner-io.js';

export interface Discovery {
  items: WorkItem[];
  facts: PassFacts;
}

export async function discover(env: SpawnEnv, spawner: SpawnerObject, now: Date): Promise<Discovery> {
  const source = sourceFor(spawner, env.sources);
  const found = await source.discover(spawner, { ...env, passTime: now });
  const facts: PassFacts = { discovered: found.items.length, discoveredAt: now };
  if (found.cron) facts.cron = found.cron;
  return { items: found.items, facts };
}
