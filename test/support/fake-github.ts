/**
 * A local HTTP server answering the few GitHub REST endpoints Kelos uses, in
 * the shapes of GitHub's OpenAPI description (@octokit/openapi): the issues
 * list (filters, Link pagination, ETag / 304), issue comments, App
 * installation tokens and rate-limit headers. Tests control its state and
 * read its request log. Paths are served with and without the `/api/v3`
 * prefix of GitHub Enterprise.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLabel {
  id: number;
  node_id: string;
  url: string;
  name: string;
  color: string;
  default: boolean;
  description: string | null;
}
export interface FakeUser {
  login: string;
  id: number;
  node_id: string;
  type: string;
  site_admin: boolean;
}
export interface FakeIssue {
  id: number;
  node_id: string;
  url: string;
  repository_url: string;
  comments_url: string;
  html_url: string;
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string | null;
  user: FakeUser;
  labels: FakeLabel[];
  assignee: FakeUser | null;
  assignees: FakeUser[];
  locked: boolean;
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  author_association: string;
  pull_request?: { url: string; html_url: string; diff_url: string; patch_url: string };
}
export interface FakeComment {
  id: number;
  body: string;
  user: FakeUser;
  created_at: string;
}

export interface IssueInput {
  number: number;
  title?: string;
  body?: string;
  labels?: string[];
  state?: 'open' | 'closed';
  author?: string;
  assignees?: string[];
  pull?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  status: number;
}

export interface FakeGitHub {
  url: string;
  requests: LoggedRequest[];
  /** Replaces or adds an issue; returns the REST shape (also usable in webhook payloads). */
  setIssue(repo: string, input: IssueInput): FakeIssue;
  removeIssue(repo: string, issueNumber: number): void;
  setComments(repo: string, issueNumber: number, bodies: string[]): void;
  /** Installation id → token minted by POST /app/installations/{id}/access_tokens. */
  installations: Map<string, string>;
  /** When set, every request is answered with this rate-limit error. */
  rateLimited: { status: 403 | 429; resetEpochSeconds: number } | undefined;
  /** Tokens that answer 401 (e.g. to test a wrong credential). */
  rejectTokens: Set<string>;
  /** Issue numbers whose comments endpoint answers 500. */
  failComments: Set<number>;
  perPage: number | undefined;
  close(): Promise<void>;
}

const user = (login: string): FakeUser => ({
  login,
  id: 1000 + login.length,
  node_id: `U_${login}`,
  type: 'User',
  site_admin: false,
});

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const repos = new Map<string, { issues: Map<number, FakeIssue>; comments: Map<number, FakeComment[]> }>();
  const repoState = (repo: string) => {
    let state = repos.get(repo);
    if (!state) repos.set(repo, (state = { issues: new Map(), comments: new Map() }));
    return state;
  };
  let base = '';
  let clock = Date.parse('2026-01-01T00:00:00Z');

  const fake: FakeGitHub = {
    url: '',
    requests: [],
    installations: new Map(),
    rateLimited: undefined,
    rejectTokens: new Set(),
    failComments: new Set(),
    perPage: undefined,
    setIssue(repo, input) {
      clock += 1000;
      const stamp = new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const api = `https://api.github.com/repos/${repo}`;
      const issue: FakeIssue = {
        id: 5000 + input.number,
        node_id: `I_${input.number}`,
        url: `${api}/issues/${input.number}`,
        repository_url: api,
        comments_url: `${api}/issues/${input.number}/comments`,
        html_url: `https://github.com/${repo}/${input.pull ? 'pull' : 'issues'}/${input.number}`,
        number: input.number,
        state: input.state ?? 'open',
        title: input.title ?? `Issue ${input.number}`,
        body: input.body ?? null,
        user: user(input.author ?? 'octocat'),
        labels: (input.labels ?? []).map((name, i) => ({
          id: 100 + i,
          node_id: `L_${name}`,
          url: `${api}/labels/${encodeURIComponent(name)}`,
          name,
          color: 'ededed',
          default: false,
          description: null,
        })),
        assignee: input.assignees?.[0] ? user(input.assignees[0]) : null,
        assignees: (input.assignees ?? []).map(user),
        locked: false,
        comments: repoState(repo).comments.get(input.number)?.length ?? 0,
        created_at: stamp,
        updated_at: stamp,
        closed_at: input.state === 'closed' ? stamp : null,
        author_association: 'OWNER',
      };
      if (input.pull) {
        issue.pull_request = {
          url: `${api}/pulls/${input.number}`,
          html_url: issue.html_url,
          diff_url: `${issue.html_url}.diff`,
          patch_url: `${issue.html_url}.patch`,
        };
      }
      repoState(repo).issues.set(input.number, issue);
      return issue;
    },
    removeIssue(repo, issueNumber) {
      repoState(repo).issues.delete(issueNumber);
    },
    setComments(repo, issueNumber, bodies) {
      repoState(repo).comments.set(
        issueNumber,
        bodies.map((body, i) => ({
          id: issueNumber * 1000 + i,
          body,
          user: user('octocat'),
          created_at: '2026-01-01T00:00:00Z',
        })),
      );
      const issue = repoState(repo).issues.get(issueNumber);
      if (issue) issue.comments = bodies.length;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const url = new URL(req.url ?? '/', base);
    fake.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      status,
    });
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      ...headers,
    });
    res.end(text);
  };

  const sendList = (req: IncomingMessage, res: ServerResponse, all: unknown[], perPage: number) => {
    const url = new URL(req.url ?? '/', base);
    const page = Math.max(Number(url.searchParams.get('page') ?? '1'), 1);
    const slice = all.slice((page - 1) * perPage, page * perPage);
    const etag = `W/"${createHash('sha256').update(JSON.stringify(slice)).digest('hex').slice(0, 32)}"`;
    const headers: Record<string, string> = { etag };
    if (page * perPage < all.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      headers['link'] = `<${next.toString()}>; rel="next"`;
    }
    if (req.headers['if-none-match'] === etag) return send(req, res, 304, undefined, headers);
    return send(req, res, 200, slice, headers);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const auth = req.headers.authorization ?? '';
    if (fake.rateLimited) {
      const { status, resetEpochSeconds } = fake.rateLimited;
      return send(
        req,
        res,
        status,
        { message: 'API rate limit exceeded' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetEpochSeconds) },
      );
    }
    if ([...fake.rejectTokens].some((t) => auth === `token ${t}`)) {
      return send(req, res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
      });
    }
    let m = /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(path);
    if (m && req.method === 'POST') {
      const token = fake.installations.get(decodeURIComponent(m[1] ?? ''));
      if (!token || !auth.startsWith('Bearer ')) return send(req, res, 404, { message: 'Not Found' });
      return send(req, res, 201, {
        token,
        expires_at: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        permissions: { issues: 'write' },
        repository_selection: 'all',
      });
    }
    m = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    if (m && req.method === 'GET') {
      if (fake.failComments.has(Number(m[2]))) return send(req, res, 500, { message: 'Server Error' });
      const comments = repos.get(m[1] ?? '')?.comments.get(Number(m[2])) ?? [];
      return sendList(req, res, comments, Number(url.searchParams.get('per_page') ?? '30'));
    }
    m = /^\/repos\/([^/]+\/[^/]+)\/issues$/.exec(path);
    if (m && req.method === 'GET') {
      const q = url.searchParams;
      const state = q.get('state') ?? 'open';
      const labels = (q.get('labels') ?? '').split(',').filter(Boolean);
      const assignee = q.get('assignee');
      const creator = q.get('creator');
      const all = [...(repos.get(m[1] ?? '')?.issues.values() ?? [])]
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => labels.every((l) => i.labels.some((x) => x.name === l)))
        .filter(
          (i) =>
            !assignee ||
            (assignee === '*'
              ? i.assignees.length > 0
              : assignee === 'none'
                ? i.assignees.length === 0
                : i.assignees.some((a) => a.login === assignee)),
        )
        .filter((i) => !creator || i.user.login === creator)
        .sort((a, b) => b.number - a.number);
      return sendList(req, res, all, fake.perPage ?? Number(q.get('per_page') ?? '30'));
    }
    return send(req, res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  };

  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.url = base;
  return fake;
}
