/**
 * ReportGitHub over Octokit, loaded on first use (not at start-up): retries
 * of 5xx and network failures through @octokit/plugin-retry, and rate-limit
 * answers (403/429 with the rate-limit headers) turned into a back-off shared
 * per credential (core/github/rate-limit.ts) instead of hammering the API.
 * A 401/403/404 becomes a GitHubAccessError naming the permission needed.
 */
import { createHash } from 'node:crypto';
import { RateLimitedError, rateLimitUntil, type RateLimiter } from '../core/github/rate-limit.js';
import { GitHubAccessError, type RepoRef, type ReportGitHub } from './github-port.js';
import type { PostedCheckRun, PostedComment } from './decide.js';

export interface GitHubRestOptions {
  baseUrl: string;
  token: string | undefined;
  limiter: RateLimiter;
  now: () => Date;
  retryBaseMs: number;
  fetch?: typeof globalThis.fetch;
}

interface OctokitLike {
  request(
    route: string,
    params: Record<string, unknown>,
  ): Promise<{ data: unknown; headers: Record<string, unknown> }>;
}

interface RequestErrorLike {
  status: number;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

let modules: Promise<[typeof import('@octokit/rest'), typeof import('@octokit/plugin-retry')]> | undefined;

async function octokitFor(options: GitHubRestOptions): Promise<OctokitLike> {
  modules ??= Promise.all([import('@octokit/rest'), import('@octokit/plugin-retry')]);
  const [{ Octokit }, { retry }] = await modules;
  const WithRetry = Octokit.plugin(retry);
  const noop = (): void => undefined;
  return new WithRetry({
    baseUrl: options.baseUrl,
    ...(options.token ? { auth: options.token } : {}),
    log: { debug: noop, info: noop, warn: noop, error: noop },
    // 429 is a rate limit: backed off below, not retried at once.
    retry: { retryAfterBaseValue: options.retryBaseMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
  }) as unknown as OctokitLike;
}

function isRequestError(err: unknown): err is RequestErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as RequestErrorLike).status === 'number';
}

function message(data: unknown): string {
  const m = (data as { message?: unknown } | undefined)?.message;
  return typeof m === 'string' ? m : JSON.stringify(data ?? '').slice(0, 300);
}

/** Only owner and repo: callers may pass a richer object, whose other fields must not become parameters. */
const coords = (repo: RepoRef): RepoRef => ({ owner: repo.owner, repo: repo.repo });

export function createGitHubRest(options: GitHubRestOptions): ReportGitHub {
  const credential = createHash('sha256')
    .update(options.token ?? '')
    .digest('hex')
    .slice(0, 16);
  const limiterKey = `${options.baseUrl}|${credential}`;
  let client: Promise<OctokitLike> | undefined;

  async function call<T>(permission: string, route: string, params: Record<string, unknown>): Promise<T> {
    options.limiter.check(limiterKey, options.now());
    client ??= octokitFor(options);
    try {
      return (await (await client).request(route, params)).data as T;
    } catch (err) {
      if (!isRequestError(err)) throw new Error(`GitHub API request failed: ${route}`, { cause: err });
      const until = rateLimitUntil(err.status, err.response?.headers ?? {}, options.now());
      if (until) {
        options.limiter.block(limiterKey, until);
        throw new RateLimitedError(until);
      }
      if (err.status === 401 || err.status === 403 || err.status === 404) {
        throw new GitHubAccessError(err.status, permission, route, message(err.response?.data));
      }
      throw new Error(
        `GitHub API returned status ${err.status} to ${route}: ${message(err.response?.data)}`,
        {
          cause: err,
        },
      );
    }
  }

  return {
    async listComments(repo: RepoRef, issueNumber: number) {
      const all: PostedComment[] = [];
      for (let page = 1; page <= 10; page++) {
        const data = await call<{ id: number; body?: string | null }[]>(
          'issues:write',
          'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
          { ...coords(repo), issue_number: issueNumber, per_page: 100, page },
        );
        all.push(...data.map((c) => ({ id: c.id, body: c.body ?? '' })));
        if (data.length < 100) break;
      }
      return all;
    },
    async createComment(repo, issueNumber, body) {
      const data = await call<{ id: number }>(
        'issues:write',
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
        {
          ...coords(repo),
          issue_number: issueNumber,
          body,
        },
      );
      return data.id;
    },
    async updateComment(repo, commentId, body) {
      await call('issues:write', 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...coords(repo),
        comment_id: commentId,
        body,
      });
    },
    async deleteComment(repo, commentId) {
      await call('issues:write', 'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...coords(repo),
        comment_id: commentId,
      });
    },
    async pullHeadSha(repo, pullNumber) {
      const data = await call<{ head: { sha: string } }>(
        'pull_requests:read',
        'GET /repos/{owner}/{repo}/pulls/{pull_number}',
        {
          ...coords(repo),
          pull_number: pullNumber,
        },
      );
      return data.head.sha;
    },
    async listCheckRuns(repo, sha, name) {
      const data = await call<{ check_runs: PostedCheckRun[] }>(
        'checks:write',
        'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
        { ...coords(repo), ref: sha, check_name: name, filter: 'all', per_page: 100 },
      );
      return data.check_runs;
    },
    async createCheckRun(repo, sha, fields) {
      await call('checks:write', 'POST /repos/{owner}/{repo}/check-runs', {
        ...coords(repo),
        head_sha: sha,
        ...fields,
      });
    },
    async updateCheckRun(repo, checkRunId, fields) {
      await call('checks:write', 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...coords(repo),
        check_run_id: checkRunId,
        ...fields,
      });
    },
  };
}
