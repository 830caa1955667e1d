/**
 * What a report-github process keeps between events: caches only (App
 * tokens, rate-limit back-off, which refusals were already logged). Losing
 * it on restart costs a token mint or a log line, never a duplicate comment.
 */
import { randomUUID } from 'node:crypto';
import type { InstallationToken } from '../core/github/app-token.js';
import { RateLimiter } from '../core/github/rate-limit.js';
import type { GitHubCredentials } from './github-access.js';
import type { ReportGitHub } from './github-port.js';
import { createGitHubRest } from './github-rest.js';

export interface ReportState {
  appTokens: Map<string, InstallationToken>;
  limiter: RateLimiter;
  /** `<task uid>|<permission>` of refusals already logged. */
  logged: Set<string>;
  /** This replica's name in report leases. */
  holder: string;
  github(credentials: GitHubCredentials, options: { now: () => Date; retryBaseMs: number }): ReportGitHub;
}

export function newReportState(): ReportState {
  const state: ReportState = {
    appTokens: new Map(),
    limiter: new RateLimiter(),
    logged: new Set(),
    holder: `report-github-${randomUUID().slice(0, 8)}`,
    github: (credentials, options) =>
      createGitHubRest({ ...credentials, limiter: state.limiter, ...options }),
  };
  return state;
}
