/**
 * What one spawn process keeps between events. All of it is a cache or a
 * hint: ETags (a cold replica just sends unconditional requests), rate-limit
 * back-off, and minted GitHub App tokens (re-minted when missing). Nothing
 * here decides a limit: capacity lives in the API server (decide/ledger.ts).
 */
import { EtagCache } from './github/etag-cache.js';
import { RateLimiter } from '../core/github/rate-limit.js';
import type { InstallationToken } from '../core/github/app-token.js';

export interface SpawnState {
  etags: EtagCache;
  limiter: RateLimiter;
  /** Keyed by `<ns>/<secret>@<resourceVersion>|<api base>`. */
  appTokens: Map<string, InstallationToken>;
  fetch?: typeof globalThis.fetch;
  /** Called for every GitHub answer (status), for logs and tests. */
  onGitHubResponse?: (info: { url: string; status: number }) => void;
}

export function createSpawnState(overrides: Partial<SpawnState> = {}): SpawnState {
  return { etags: new EtagCache(), limiter: new RateLimiter(), appTokens: new Map(), ...overrides };
}
