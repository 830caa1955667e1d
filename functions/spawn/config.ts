/**
 * spawn configuration, read once from the environment:
 * - `GITHUB_API_URL`: REST API base for github.com repositories (default
 *   https://api.github.com; tests point it at a local server). Enterprise
 *   hosts always use https://<host>/api/v3.
 * - `GITHUB_TOKEN`: optional token for spawners whose Workspace has no secretRef.
 * - `KELOS_WATCH_NAMESPACE`: limit the resync sweep and webhook matching to one
 *   namespace (default: all namespaces).
 * - `KELOS_SPAWN_RESERVATION_TTL`: how long a capacity reservation whose Task
 *   never appeared is kept before it is given back (default 60s, at least 5s;
 *   decide/ledger.ts). Shorter only where creates never stall long, as in the
 *   storm tests, which would otherwise wait a minute for each lost create.
 */
import { envReader } from '../core/config/read-env.js';
import { RESERVATION_TTL_MS } from './decide/ledger.js';

/** Below this a stalled create (API server latency, a restart) could outlive its reservation. */
const MIN_RESERVATION_TTL_MS = 5_000;

export interface SpawnConfig {
  githubApiUrl: string;
  githubToken: string | undefined;
  watchNamespace: string | undefined;
  /** Reservation lifetime in milliseconds (decide/ledger.ts). */
  reservationTtlMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): SpawnConfig {
  const r = envReader(env);
  return r.done({
    githubApiUrl: r.optional('GITHUB_API_URL', 'https://api.github.com').replace(/\/+$/, ''),
    githubToken: r.maybe('GITHUB_TOKEN'),
    watchNamespace: r.maybe('KELOS_WATCH_NAMESPACE'),
    reservationTtlMs: r.durationMs('KELOS_SPAWN_RESERVATION_TTL', RESERVATION_TTL_MS, {
      minMs: MIN_RESERVATION_TTL_MS,
    }),
  });
}
