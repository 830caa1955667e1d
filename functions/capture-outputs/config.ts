/**
 * capture-outputs configuration, read once from the environment:
 * - `KELOS_WATCH_NAMESPACE`: sweep only this namespace on resync ticks
 *   (default: every namespace).
 * - `KELOS_IMAGE_PULL_TIMEOUT`: how long an agent or init container image may
 *   fail to pull (ErrImagePull, ImagePullBackOff, ErrImageNeverPull,
 *   InvalidImageName), from the first time seen, before the Task fails
 *   (duration such as `5m`, `90s`; default 5m; enforced on events and resync ticks).
 * - `KELOS_SWEEP_MIN_AGE`: a resync sweep leaves a Task whose Pod was written
 *   less than this long ago to the Pod's own event, still in flight (default
 *   30s; 0 = off; core/runtime/sweep-min-age.ts).
 * K_SINK, KUBECONFIG, PORT and logging are the runtime's.
 */
import { envReader } from '../core/config/read-env.js';
import { readSweepMinAge } from '../core/runtime/sweep-min-age.js';
import { DEFAULT_IMAGE_PULL_TIMEOUT_MS } from './decide.js';

export interface CaptureOutputsConfig {
  watchNamespace: string | undefined;
  imagePullTimeoutMs: number;
  /** KELOS_SWEEP_MIN_AGE in milliseconds (0 = off). */
  sweepMinAgeMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): CaptureOutputsConfig {
  const r = envReader(env);
  return r.done({
    watchNamespace: r.maybe('KELOS_WATCH_NAMESPACE'),
    imagePullTimeoutMs: r.durationMs('KELOS_IMAGE_PULL_TIMEOUT', DEFAULT_IMAGE_PULL_TIMEOUT_MS),
    sweepMinAgeMs: readSweepMinAge(r),
  });
}
