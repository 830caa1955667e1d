/** Everything a spawn pass needs, built once per event from the handler's deps. */
import type { HandlerDeps } from '../core/runtime/contract.js';
import type { RenderTemplate } from './decide/prompt.js';
import type { AdmitContext } from './admit.js';
import type { SpawnConfig } from './config.js';
import type { Source } from './sources/source.js';
import type { SpawnState } from './spawn-state.js';

export interface SpawnEnv extends AdmitContext {
  config: SpawnConfig;
  state: SpawnState;
  /** Where work items come from, in precedence order (sources/registry.ts). */
  sources: readonly Source[];
  /** Counts discovery failures as kelos_reconcile_errors_total{controller="taskspawner"}. */
  countError: () => void;
}

/**
 * liquidjs takes ~0.2 s to import, so it is loaded when a spawner first has a
 * template to render, not at start-up (cold start; DESIGN.md).
 */
async function loadRenderTemplate(): Promise<RenderTemplate> {
  const { renderTemplate } = await import('../core/templates/render.js');
  return renderTemplate;
}

export function spawnEnv(
  deps: HandlerDeps<SpawnConfig>,
  state: SpawnState,
  sources: readonly Source[],
): SpawnEnv {
  return {
    kube: deps.kube,
    log: deps.log,
    now: deps.now,
    emit: deps.emit,
    loadRender: loadRenderTemplate,
    reservationTtlMs: deps.config.reservationTtlMs,
    config: deps.config,
    state,
    sources,
    countError: () => deps.metrics?.reconcileErrors.inc({ controller: 'taskspawner' }),
  };
}
