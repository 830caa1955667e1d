/**
 * capture-outputs configuration, read once from the environment:
 * - `KELOS_WATCH_NAMESPACE`: sweep only this namespace on resync ticks
 *   (default: every namespace).
 * K_SINK, KUBECONFIG, PORT and logging are the runtime's.
 */
import { envReader } from '../core/config/read-env.js';

export interface CaptureOutputsConfig {
  watchNamespace: string | undefined;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): CaptureOutputsConfig {
  const r = envReader(env);
  return r.done({ watchNamespace: r.maybe('KELOS_WATCH_NAMESPACE') });
}
