/**
 * spawn configuration, read once from the environment:
 * - `GITHUB_API_URL`: REST API base for github.com repositories (default
 *   https://api.github.com; tests point it at a local server). Enterprise
 *   hosts always use https://<host>/api/v3.
 * - `GITHUB_TOKEN`: optional token for spawners whose Workspace has no secretRef.
 * - `KELOS_WATCH_NAMESPACE`: limit the resync sweep and webhook matching to one
 *   namespace (default: all namespaces).
 */
import { envReader } from '../core/config/read-env.js';

export interface SpawnConfig {
  githubApiUrl: string;
  githubToken: string | undefined;
  watchNamespace: string | undefined;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): SpawnConfig {
  const r = envReader(env);
  return r.done({
    githubApiUrl: r.optional('GITHUB_API_URL', 'https://api.github.com').replace(/\/+$/, ''),
    githubToken: r.maybe('GITHUB_TOKEN'),
    watchNamespace: r.maybe('KELOS_WATCH_NAMESPACE'),
  });
}
