/**
 * Applying a TaskSpawner in e2e tests: with kubectl (an object, or YAML text
 * as a user writes it), then waiting for its first discovery pass so that
 * what the test does next (an issue, a webhook) comes after it.
 */
import { parse } from 'yaml';
import { eventually, type World } from '../world.js';

type SpawnerObject = { metadata: { name: string }; [field: string]: unknown };

/** Applies the spawner into `ns`, waits for status.lastDiscoveryTime; kubectl's output. */
export async function applySpawner(
  world: World,
  ns: string,
  manifest: SpawnerObject | string,
  timeoutMs = 60_000,
): Promise<string> {
  const [input, object] =
    typeof manifest === 'string'
      ? [manifest, parse(manifest) as SpawnerObject]
      : [JSON.stringify(manifest), manifest];
  const name = object.metadata.name;
  const applied = await world.kubectl(['apply', '-n', ns, '-f', '-'], input);
  await eventually(
    `TaskSpawner ${ns}/${name}: first discovery`,
    async () =>
      (await world.get<{ status?: { lastDiscoveryTime?: string } }>(ns, 'taskspawner', name))?.status
        ?.lastDiscoveryTime,
    timeoutMs,
  );
  return applied.stdout;
}
