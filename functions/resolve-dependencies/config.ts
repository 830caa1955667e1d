/**
 * resolve-dependencies configuration, read once from the environment:
 * - `KELOS_WATCH_NAMESPACE`: sweep only this namespace on resync ticks
 *   (default: every namespace, which needs cluster-wide list on tasks).
 * Kubernetes access (KUBECONFIG or in-cluster), PORT, K_SINK and LOG_LEVEL
 * are read by the runtime.
 */
import { envReader } from '../core/config/read-env.js';

export interface ResolveConfig {
  watchNamespace: string | undefined;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ResolveConfig {
  const r = envReader(env);
  return r.done({ watchNamespace: r.maybe('KELOS_WATCH_NAMESPACE') });
}
