/**
 * launch-pod configuration, read once from the environment:
 * - `KELOS_<TYPE>_IMAGE` (e.g. KELOS_CLAUDE_CODE_IMAGE): default agent image per type;
 * - `KELOS_GIT_IMAGE`: git helper image for the init containers (alpine/git:v2.47.2);
 * - `KELOS_IMAGE_PULL_POLICY`: Always | IfNotPresent | Never (unset = cluster default);
 * - `KELOS_GITHUB_API_BASE_URL`: API base for github.com workspaces when minting
 *   GitHub App tokens (default https://api.github.com; Enterprise hosts always
 *   use https://<host>/api/v3);
 * - `KELOS_WATCH_NAMESPACE`: sweep only this namespace on resync ticks
 *   (default: every namespace).
 * - `KELOS_SWEEP_MIN_AGE`: a resync sweep leaves an admitted Task written less
 *   than this long ago to its `admitted` event, still in flight (default 30s;
 *   0 = off; core/runtime/sweep-min-age.ts).
 */
import { envReader } from '../core/config/read-env.js';
import { readSweepMinAge } from '../core/runtime/sweep-min-age.js';
import { readImages, type PodImages } from './images.js';

export interface LaunchPodConfig {
  images: PodImages;
  imagePullPolicy: string | undefined;
  githubApiBaseUrl: string;
  watchNamespace: string | undefined;
  /** KELOS_SWEEP_MIN_AGE in milliseconds (0 = off). */
  sweepMinAgeMs: number;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;

export function readConfig(env: NodeJS.ProcessEnv = process.env): LaunchPodConfig {
  const r = envReader(env);
  return r.done({
    images: readImages(env),
    imagePullPolicy: r.oneOf('KELOS_IMAGE_PULL_POLICY', PULL_POLICIES),
    githubApiBaseUrl: r.optional('KELOS_GITHUB_API_BASE_URL', 'https://api.github.com').replace(/\/+$/, ''),
    watchNamespace: r.maybe('KELOS_WATCH_NAMESPACE'),
    sweepMinAgeMs: readSweepMinAge(r),
  });
}
