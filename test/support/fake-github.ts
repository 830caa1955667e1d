/**
 * A local HTTP server answering the few GitHub REST endpoints Kelos uses, in
 * the shapes of GitHub's OpenAPI description (@octokit/openapi): the issues
 * list (filters, Link pagination, ETag / 304), issue comments (list, create,
 * edit, delete), pull requests, check runs (list for a ref, create, update),
 * App installation tokens and rate-limit headers. Comments, pull requests and
 * check runs are GitHub's own OpenAPI examples with the fake's values laid
 * over them, so every field GitHub sends is there. Tests control its state and
 * read its request log. Paths are served with and without the `/api/v3`
 * prefix of GitHub Enterprise.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
/** GitHub's issue-comment (OpenAPI components.schemas["issue-comment"]). */
export interface FakeComment {
  id: number;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}
/** GitHub's check-run (OpenAPI components.schemas["check-run"]). */
export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string | null;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; [field: string]: unknown };
  [field: string]: unknown;
}

/** The permission a write needs; listed in `forbidden`, it is answered 403 as GitHub does for a token without it. */
export type FakePermission = 'issues:write' | 'checks:write';

interface OpenApiExamples {
  'issue-comment': Record<string, unknown>;
  'check-run': Record<string, unknown>;
  'pull-request': Record<string, unknown>;
}
let examples: OpenApiExamples | undefined;
/** The three example objects of @octokit/openapi's api.github.com description (read once, ~13 MB). */
export function openApiExamples(): OpenApiExamples {
  if (!examples) {
    const path = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
    const spec = JSON.parse(readFileSync(path, 'utf8')) as {
      components: { examples: Record<string, { value: Record<string, unknown> }> };
    };
    const e = spec.components.examples;
    examples = {
      'issue-comment': e['issue-comment']!.value,
      'check-run': e['check-run']!.value,
      'pull-request': e['pull-request']!.value,
    };
  }
  return examples;
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
  /** Writes needing these permissions answer 403 "Resource not accessible by personal access token". */
  forbidden: Set<FakePermission>;
  /** The comments of an issue or PR, oldest first (the live objects). */
  comments(repo: string, issueNumber: number): FakeComment[];
  /** Every check run created in a repository. */
  checkRuns(repo: string): FakeCheckRun[];
  /** The head commit of a pull request (set with setIssue({pull: true})). */
  headSha(repo: string, pullNumber: number): string;
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
  interface RepoState {
    issues: Map<number, FakeIssue>;
    comments: Map<number, FakeComment[]>;
    checkRuns: FakeCheckRun[];
  }
  const repos = new Map<string, RepoState>();
  const repoState = (repo: string) => {
    let state = repos.get(repo);
    if (!state) repos.set(repo, (state = { issues: new Map(), comments: new Map(), checkRuns: [] }));
    return state;
  };
  let nextId = 9_000_001;
  const comment = (repo: string, issueNumber: number, id: number, body: string): FakeComment => {
    const api = `https://api.github.com/repos/${repo}`;
    return {
      ...openApiExamples()['issue-comment'],
      id,
      node_id: `IC_${id}`,
      url: `${api}/issues/comments/${id}`,
      html_url: `https://github.com/${repo}/issues/${issueNumber}#issuecomment-${id}`,
      issue_url: `${api}/issues/${issueNumber}`,
      body,
      user: user('octocat'),
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    };
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
    forbidden: new Set(),
    comments: (repo, issueNumber) => repoState(repo).comments.get(issueNumber) ?? [],
    checkRuns: (repo) => repoState(repo).checkRuns,
    headSha: (repo, pullNumber) => createHash('sha1').update(`${repo}#${pullNumber}`).digest('hex'),
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
        bodies.map((body, i) => comment(repo, issueNumber, issueNumber * 1000 + i, body)),
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

  const reply = (...args: Parameters<typeof send>): true => {
    send(...args);
    return true;
  };
  const forbid = (req: IncomingMessage, res: ServerResponse) =>
    reply(req, res, 403, {
      message: 'Resource not accessible by personal access token',
      documentation_url: 'https://docs.github.com/rest',
      status: '403',
    });
  const stamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

  /** Comments, pull requests and check runs; false when the request is for `handle`. */
  const handleWrite = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): boolean => {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const method = req.method ?? '';
    if (fake.rateLimited || [...fake.rejectTokens].some((t) => req.headers.authorization === `token ${t}`))
      return false;
    let m = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    if (m && method === 'POST') {
      const repo = m[1]!;
      const n = Number(m[2]);
      if (fake.forbidden.has('issues:write')) return forbid(req, res);
      const issue = repos.get(repo)?.issues.get(n);
      if (!issue) return reply(req, res, 404, { message: 'Not Found' });
      if (typeof body.body !== 'string') return reply(req, res, 422, { message: 'Validation Failed' });
      const created = comment(repo, n, nextId++, body.body);
      created.created_at = created.updated_at = stamp();
      const list = repoState(repo).comments.get(n) ?? [];
      repoState(repo).comments.set(n, [...list, created]);
      issue.comments = list.length + 1;
      return reply(req, res, 201, created);
    }
    m = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path);
    if (m && (method === 'PATCH' || method === 'DELETE')) {
      if (fake.forbidden.has('issues:write')) return forbid(req, res);
      const state = repoState(m[1]!);
      const id = Number(m[2]);
      for (const [n, list] of state.comments) {
        const found = list.find((c) => c.id === id);
        if (!found) continue;
        if (method === 'DELETE') {
          state.comments.set(
            n,
            list.filter((c) => c.id !== id),
          );
          return reply(req, res, 204, undefined);
        }
        if (typeof body.body !== 'string') return reply(req, res, 422, { message: 'Validation Failed' });
        found.body = body.body;
        found.updated_at = stamp();
        return reply(req, res, 200, found);
      }
      return reply(req, res, 404, { message: 'Not Found' });
    }
    m = /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/.exec(path);
    if (m && method === 'GET') {
      const repo = m[1]!;
      const issue = repos.get(repo)?.issues.get(Number(m[2]));
      if (!issue?.pull_request) return reply(req, res, 404, { message: 'Not Found' });
      const example = openApiExamples()['pull-request'];
      const head = { ...(example.head as Record<string, unknown>), sha: fake.headSha(repo, issue.number) };
      const { labels, ...rest } = issue;
      return reply(req, res, 200, { ...example, ...rest, labels, head });
    }
    m = /^\/repos\/([^/]+\/[^/]+)\/commits\/([^/]+)\/check-runs$/.exec(path);
    if (m && method === 'GET') {
      const name = url.searchParams.get('check_name');
      const runs = repoState(m[1]!).checkRuns.filter(
        (r) => r.head_sha === m![2] && (!name || r.name === name),
      );
      return reply(req, res, 200, { total_count: runs.length, check_runs: runs });
    }
    m = /^\/repos\/([^/]+\/[^/]+)\/check-runs(?:\/(\d+))?$/.exec(path);
    if (m && (method === 'POST' || (method === 'PATCH' && m[2]))) {
      if (fake.forbidden.has('checks:write')) return forbid(req, res);
      const runs = repoState(m[1]!).checkRuns;
      const output = {
        ...(openApiExamples()['check-run'].output as object),
        ...(body.output as object),
      } as FakeCheckRun['output'];
      if (method === 'POST') {
        if (typeof body.name !== 'string' || typeof body.head_sha !== 'string')
          return reply(req, res, 422, { message: 'Validation Failed' });
        const id = nextId++;
        const run = {
          ...openApiExamples()['check-run'],
          id,
          node_id: `CR_${id}`,
          url: `https://api.github.com/repos/${m[1]}/check-runs/${id}`,
          html_url: `https://github.com/${m[1]}/runs/${id}`,
          name: body.name,
          head_sha: body.head_sha,
          external_id: typeof body.external_id === 'string' ? body.external_id : '',
          status: typeof body.status === 'string' ? body.status : 'queued',
          conclusion: typeof body.conclusion === 'string' ? body.conclusion : null,
          started_at: stamp(),
          completed_at: body.conclusion ? stamp() : null,
          output,
        } as FakeCheckRun;
        runs.push(run);
        return reply(req, res, 201, run);
      }
      const run = runs.find((r) => r.id === Number(m![2]));
      if (!run) return reply(req, res, 404, { message: 'Not Found' });
      for (const key of ['name', 'external_id', 'status', 'conclusion'] as const) {
        if (typeof body[key] === 'string') (run as Record<string, unknown>)[key] = body[key];
      }
      if (body.conclusion) run.status = 'completed';
      if (run.status === 'completed') run.completed_at ??= stamp();
      if (body.output) run.output = output;
      return reply(req, res, 200, run);
    }
    return false;
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
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        return send(req, res, 400, { message: 'Problems parsing JSON' });
      }
      if (!handleWrite(req, res, body)) handle(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.url = base;
  return fake;
}
