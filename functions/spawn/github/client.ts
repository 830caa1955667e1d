/**
 * The GitHub port used by discovery (KELOS-BEHAVIOUR §3.5), over Octokit's
 * request layer: the issues list (≤10 pages following `Link: rel="next"`),
 * one page of comments per item, conditional requests per URL, and back-off
 * on rate limits. Octokit is loaded on first use, not at start-up.
 */
import { createHash } from 'node:crypto';
import type { GitHubIssues } from '../../core/api/types.js';
import type { GitHubIssue } from './issue.js';
import { issueListParams } from './issue-query.js';
import type { EtagCache } from './etag-cache.js';
import { RateLimitedError, rateLimitUntil, type RateLimiter } from '../../core/github/rate-limit.js';

export const MAX_PAGES = 10;

export interface RepoCoordinates {
  owner: string;
  repo: string;
}

export interface GitHubClient {
  listIssues(repo: RepoCoordinates, spec: GitHubIssues): Promise<GitHubIssue[]>;
  /** First page (100, oldest first) of comment bodies. */
  listCommentBodies(repo: RepoCoordinates, issueNumber: number): Promise<string[]>;
}

export interface GitHubClientOptions {
  baseUrl: string;
  token?: string | undefined;
  cache: EtagCache;
  limiter: RateLimiter;
  now: () => Date;
  fetch?: typeof globalThis.fetch;
  /** Told about each answer, for logs and tests (e.g. 304s). */
  onResponse?: (info: { url: string; status: number }) => void;
}

interface RequestErrorLike {
  status: number;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

type Requester = (options: {
  method: 'GET';
  url: string;
  headers: Record<string, string>;
}) => Promise<{ status: number; headers: Record<string, string | number | undefined>; data: unknown }>;

let octokitModule: Promise<typeof import('@octokit/rest')> | undefined;

async function requester(fetchImpl: typeof globalThis.fetch | undefined): Promise<Requester> {
  octokitModule ??= import('@octokit/rest');
  const { Octokit } = await octokitModule;
  const noop = (): void => undefined;
  const octokit = new Octokit({
    log: { debug: noop, info: noop, warn: noop, error: noop },
    ...(fetchImpl ? { request: { fetch: fetchImpl } } : {}),
  });
  return (options) => octokit.request(options) as ReturnType<Requester>;
}

function isRequestError(err: unknown): err is RequestErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as RequestErrorLike).status === 'number';
}

function bodyText(data: unknown): string {
  const text = typeof data === 'string' ? data : JSON.stringify(data ?? '');
  return text.slice(0, 1024);
}

function nextLink(link: string): string | undefined {
  return /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const credential = createHash('sha256')
    .update(options.token ?? '')
    .digest('hex')
    .slice(0, 16);
  const limiterKey = `${base}|${credential}`;
  let request: Promise<Requester> | undefined;

  async function get(url: string): Promise<{ data: unknown; link: string }> {
    options.limiter.check(limiterKey, options.now());
    const cacheKey = `${credential}|${url}`;
    const cached = options.cache.get(cacheKey);
    const headers: Record<string, string> = { accept: 'application/vnd.github.v3+json' };
    if (options.token) headers['authorization'] = `token ${options.token}`;
    if (cached) headers['if-none-match'] = cached.etag;
    request ??= requester(options.fetch);
    try {
      const res = await (await request)({ method: 'GET', url, headers });
      options.onResponse?.({ url, status: res.status });
      const link = String(res.headers['link'] ?? '');
      const etag = res.headers['etag'];
      if (typeof etag === 'string' && etag) options.cache.set(cacheKey, { etag, data: res.data, link });
      return { data: res.data, link };
    } catch (err) {
      if (!isRequestError(err)) throw new Error(`GitHub API request failed: GET ${url}`, { cause: err });
      options.onResponse?.({ url, status: err.status });
      if (err.status === 304 && cached) return { data: cached.data, link: cached.link };
      const until = rateLimitUntil(err.status, err.response?.headers ?? {}, options.now());
      if (until) {
        options.limiter.block(limiterKey, until);
        throw new RateLimitedError(until);
      }
      throw new Error(`GitHub API returned status ${err.status}: ${bodyText(err.response?.data)}`, {
        cause: err,
      });
    }
  }

  return {
    async listIssues(repo, spec) {
      const query = new URLSearchParams(issueListParams(spec)).toString();
      let url: string | undefined = `${base}/repos/${repo.owner}/${repo.repo}/issues?${query}`;
      const issues: GitHubIssue[] = [];
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const { data, link } = await get(url);
        if (!Array.isArray(data)) throw new Error(`GitHub API returned a non-list for ${url}`);
        issues.push(...(data as GitHubIssue[]));
        url = nextLink(link);
      }
      return issues;
    },
    async listCommentBodies(repo, issueNumber) {
      const url = `${base}/repos/${repo.owner}/${repo.repo}/issues/${issueNumber}/comments?per_page=100`;
      const { data } = await get(url);
      if (!Array.isArray(data)) throw new Error(`GitHub API returned a non-list for ${url}`);
      return (data as { body?: string | null }[]).map((c) => c.body ?? '');
    },
  };
}
