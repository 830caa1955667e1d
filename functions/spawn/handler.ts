/**
 * spawn: turns TaskSpawners into Tasks (KELOS-BEHAVIOUR §3, SPEC.md §4).
 * - TaskSpawner events: record Suspended, or run a discovery pass when one is
 *   due (new spawner, spec changed or resumed, pollInterval elapsed, cron tick);
 * - Task events: a spawned Task that finished (or was deleted) frees capacity,
 *   so its spawner's discovery runs again and waiting items are admitted;
 * - GitHub deliveries: matched against every spawner watching the repository;
 * - resync ticks: every spawner whose poll or cron tick is due (ping time = now).
 */
import type { Handler, HandlerDeps } from '../core/runtime/contract.js';
import type { SpawnConfig } from './config.js';
import { onGitHub } from './on-github.js';
import { onResync, onSpawnerEvent, onTaskEvent } from './on-objects.js';
import { defaultSources } from './sources/registry.js';
import type { Source } from './sources/source.js';
import { spawnEnv } from './spawn-env.js';
import { createSpawnState, type SpawnState } from './spawn-state.js';

/** `sources` defaults to the registry; tests pass their own list to add a source. */
export function createSpawnHandler(
  state: SpawnState = createSpawnState(),
  sources: readonly Source[] = defaultSources,
): Handler<SpawnConfig> {
  return async (request, deps: HandlerDeps<SpawnConfig>) => {
    const env = spawnEnv(deps, state, sources);
    switch (request.type) {
      case 'github':
        return onGitHub(env, request);
      case 'resync':
        return onResync(env, request);
      case 'object':
        if (request.kind === 'TaskSpawner') return onSpawnerEvent(env, request);
        if (request.kind === 'Task') return onTaskEvent(env, request);
        return 'ignored';
    }
  };
}

/** spawn's failures count as kelos_reconcile_errors_total{controller="taskspawner"}. */
export const controller = 'taskspawner';

let shared: Handler<SpawnConfig> | undefined;

/** The process-wide handler; its caches are created on the first event, not at import. */
export const handle: Handler<SpawnConfig> = (request, deps) => {
  shared ??= createSpawnHandler();
  return shared(request, deps);
};
