/**
 * A local git server over smart HTTP: `git http-backend` (CGI) behind a small
 * Node HTTP server that asks for a token (HTTP Basic, any user name, the
 * token as password, as GitHub takes it). Agent Pods on the local node clone
 * from it and push to it through the bridge; tests and the offline example
 * read the pushed branches from the bare repositories in `root`.
 */
import { execFile, spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GitServer {
  /** http://<host>:<port> */
  url: string;
  root: string;
  /** http://<host>:<port>/<name>.git */
  repoUrl(name: string): string;
  /** Creates a bare repository `<name>.git` whose default branch holds `files` in one commit. */
  createRepo(name: string, files: Record<string, string>, branch?: string): Promise<string>;
  /** The commit a branch points at, or undefined. */
  branchCommit(name: string, branch: string): Promise<string | undefined>;
  /** A file's content at a branch, or undefined. */
  show(name: string, branch: string, path: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

export interface GitServerOptions {
  /** Folder of the bare repositories. */
  root: string;
  /** Address to listen on: the node's bridge address so Pods reach it (default 127.0.0.1). */
  host?: string;
  port?: number;
  token: string;
}

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Kelos local',
  GIT_AUTHOR_EMAIL: 'local@kelos.invalid',
  GIT_COMMITTER_NAME: 'Kelos local',
  GIT_COMMITTER_EMAIL: 'local@kelos.invalid',
};

async function git(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...process.env, ...GIT_ENV } });
  return stdout;
}

/** Pure: whether an Authorization header carries the token (HTTP Basic password or Bearer). */
export function authorized(header: string | undefined, token: string): boolean {
  if (!header) return false;
  let given = '';
  const [scheme, value = ''] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    given = decoded.slice(decoded.indexOf(':') + 1);
  } else if (scheme?.toLowerCase() === 'bearer') given = value;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Pure: a CGI response head (`Status:` and headers) as a status code and header pairs. */
export function parseCgiHead(head: string): { status: number; headers: [string, string][] } {
  let status = 200;
  const headers: [string, string][] = [];
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers.push([name, value]);
  }
  return { status, headers };
}

function backend(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://local');
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      // Set after the token check: http-backend then allows pushes (receive-pack).
      REMOTE_USER: 'kelos',
      REMOTE_ADDR: req.socket.remoteAddress ?? '',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headDone = false;
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    if (headDone) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') : head.indexOf('\n\n');
    if (end < 0) return;
    const sepLen = head[end] === 13 ? 4 : 2;
    const { status, headers } = parseCgiHead(head.subarray(0, end).toString('utf8'));
    res.writeHead(status, headers);
    headDone = true;
    res.write(head.subarray(end + sepLen));
  });
  child.on('close', (code) => {
    if (!headDone) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`git http-backend failed (exit ${code}): ${stderr}`);
    } else res.end();
  });
  child.stdin.on('error', () => undefined);
}

export async function startGitServer(o: GitServerOptions): Promise<GitServer> {
  await mkdir(o.root, { recursive: true });
  const server = createServer((req, res) => {
    if (!authorized(req.headers.authorization, o.token)) {
      res.writeHead(401, {
        'www-authenticate': 'Basic realm="kelos local git"',
        'content-type': 'text/plain',
      });
      return void res.end('a token is required (HTTP Basic password)\n');
    }
    backend(o.root, req, res);
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  const bare = (name: string) => join(o.root, `${name}.git`);
  return {
    url,
    root: o.root,
    repoUrl: (name) => `${url}/${name}.git`,
    createRepo: async (name, files, branch = 'main') => {
      const work = await mkdtemp(join(tmpdir(), 'kelos-git-seed-'));
      try {
        await git(['init', '-q', '-b', branch, work]);
        for (const [path, content] of Object.entries(files)) {
          await mkdir(join(work, path, '..'), { recursive: true });
          await writeFile(join(work, path), content);
        }
        await git(['add', '-A'], work);
        await git(['commit', '-q', '-m', 'Initial commit'], work);
        await rm(bare(name), { recursive: true, force: true });
        await git(['clone', '-q', '--bare', work, bare(name)]);
        // Pods push as UID 61100 through http-backend, which runs as this process's user: no chown needed.
        await git(['config', 'http.receivepack', 'true'], bare(name));
        return `${url}/${name}.git`;
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
    branchCommit: async (name, branch) =>
      git(['rev-parse', '--verify', '-q', `refs/heads/${branch}`], bare(name)).then(
        (s) => s.trim() || undefined,
        () => undefined,
      ),
    show: async (name, branch, path) =>
      git(['show', `${branch}:${path}`], bare(name)).then(
        (s) => s,
        () => undefined,
      ),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
