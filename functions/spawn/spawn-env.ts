/** Everything a spawn pass needs, built once per event from the handler's deps. */
import type { HandlerDeps } from '../core/runtime/contract.js';
import type { RenderTemplate } from '../core/spawner/prompt.js';
import type { AdmitContext } from './admit.js';
import type { SpawnConfig } from './config.js';
import type { SpawnState } from './spawn-state.js';

export interface SpawnEnv extends AdmitContext {
  config: SpawnConfig;
  state: SpawnState;
  /** Counts discovery failures as kelos_reconcile_errors_total{controller="taskspawner"}. */
  countError: () => void;
}

export function spawnEnv(
  deps: HandlerDeps<SpawnConfig>,
  state: SpawnState,
  render: RenderTemplate,
): SpawnEnv {
  return {
    kube: deps.kube,
    log: deps.log,
    now: deps.now,
    emit: deps.emit,
    render,
    config: deps.config,
    state,
    countError: () => deps.metrics?.reconcileErrors.inc({ controller: 'taskspawner' }),
  };
}
