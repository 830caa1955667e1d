/**
 * resolve-dependencies configuration, read once from the environment:
 * - `KELOS_WATCH_NAMESPACE`: sweep only this namespace on resync ticks
 *   (default: every namespace, which needs cluster-wide list on tasks).
 * - `KELOS_SWEEP_MIN_AGE`: a resync sweep leaves a Task never resolved (no
 *   phase) and written less than this long ago to its add event, still in
 *   flight (default 30s; 0 = off; core/runtime/sweep-min-age.ts).
 * Kubernetes access (KUBECONFIG or in-cluster), PORT, K_SINK and LOG_LEVEL
 * are read by the runtime.
 */
import { envReader } from '../core/config/read-env.js';
import { readSweepMinAge } from '../core/runtime/sweep-min-age.js';

export interface ResolveConfig {
  watchNamespace: string | undefined;
  /** KELOS_SWEEP_MIN_AGE in milliseconds (0 = off). */
  sweepMinAgeMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ResolveConfig {
  const r = envReader(env);
  return r.done({ watchNamespace: r.maybe('KELOS_WATCH_NAMESPACE'), sweepMinAgeMs: readSweepMinAge(r) });
}
