/**
 * capture-outputs configuration, read once from the environment:
 * - `KELOS_WATCH_NAMESPACE`: sweep only this namespace on resync ticks
 *   (default: every namespace).
 * - `KELOS_IMAGE_PULL_TIMEOUT`: how long an agent or init container image may
 *   fail to pull (ErrImagePull, ImagePullBackOff, ErrImageNeverPull,
 *   InvalidImageName), from the first time seen, before the Task fails
 *   (duration such as `5m`, `90s`; default 5m; enforced on events and resync ticks).
 * K_SINK, KUBECONFIG, PORT and logging are the runtime's.
 */
import { envReader } from '../core/config/read-env.js';
import { DEFAULT_IMAGE_PULL_TIMEOUT_MS } from './decide.js';

export interface CaptureOutputsConfig {
  watchNamespace: string | undefined;
  imagePullTimeoutMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): CaptureOutputsConfig {
  const r = envReader(env);
  return r.done({
    watchNamespace: r.maybe('KELOS_WATCH_NAMESPACE'),
    imagePullTimeoutMs: r.durationMs('KELOS_IMAGE_PULL_TIMEOUT', DEFAULT_IMAGE_PULL_TIMEOUT_MS),
  });
}
