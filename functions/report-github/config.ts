/**
 * report-github configuration, read once from the environment:
 * - `GITHUB_API_URL`: REST API base for github.com repositories (default
 *   https://api.github.com; tests point it at a local server). Enterprise
 *   hosts always use https://<host>/api/v3.
 * - `GITHUB_TOKEN`: optional token for spawners whose Workspace has no secretRef.
 * - `KELOS_WATCH_NAMESPACE`: limit the resync sweep to one namespace.
 * - `KELOS_GITHUB_RETRY_BASE_MS`: Octokit's retry back-off base for 5xx
 *   answers (default 1000 ms: waits 1 s, 4 s, 9 s).
 */
import { envReader } from '../core/config/read-env.js';

export interface ReportConfig {
  githubApiUrl: string;
  githubToken: string | undefined;
  watchNamespace: string | undefined;
  retryBaseMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ReportConfig {
  const r = envReader(env);
  return r.done({
    githubApiUrl: r.optional('GITHUB_API_URL', 'https://api.github.com').replace(/\/+$/, ''),
    githubToken: r.maybe('GITHUB_TOKEN'),
    watchNamespace: r.maybe('KELOS_WATCH_NAMESPACE'),
    retryBaseMs: r.integer('KELOS_GITHUB_RETRY_BASE_MS', 1000, { min: 0, max: 60_000 }),
  });
}
