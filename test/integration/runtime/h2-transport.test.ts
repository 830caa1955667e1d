/**
 * The transport's plain requests over HTTP/2 (h2-requests.ts) against real
 * local TLS servers: one connection for concurrent requests, HTTPS/1.1 when
 * the server has no HTTP/2, the codes the REST client retries on (timeout,
 * connection lost) with a fresh connection after, and no idle connection
 * keeping a process alive. The real API server is exercised by
 * rest-client.test.ts, which goes through the same transport.
 */
import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTransport, type Transport } from '../../../functions/core/k8s/transport.js';
import { REPO_ROOT } from '../../support/cluster.js';

const run = promisify(execFile);

describe('kube transport over HTTP/2', function () {
  this.timeout(30_000);
  let dir: string;
  let tls: { key: Buffer; cert: Buffer };
  const servers: { close(): void }[] = [];
  const transports: Transport[] = [];

  before(async () => {
    // Node cannot make X.509 certificates; openssl does, as for the control plane's kubelet PKI.
    dir = await mkdtemp(join(tmpdir(), 'kelos-h2-'));
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    tls = { key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) };
  });
  afterEach(() => {
    for (const t of transports.splice(0)) t.close();
    for (const s of servers.splice(0)) s.close();
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const listen = async (server: http2.Http2SecureServer | https.Server) => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push({
      close: () => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close();
      },
    });
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const transport = (server: string, timeoutMs = 5000) => {
    const t = createTransport(
      { server, ca: tls.cert, token: 'secret', insecureSkipTlsVerify: false, origin: 'test' },
      timeoutMs,
    );
    transports.push(t);
    return t;
  };

  it('sends concurrent requests with their headers and bodies over one connection', async () => {
    let sessions = 0;
    const server = http2.createSecureServer(tls, (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'retry-after': '0' });
        res.end(JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization, body }));
      });
    });
    server.on('session', () => sessions++);
    const t = transport(await listen(server));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.request({ method: 'PUT', path: `/x/${i}`, query: { a: 'b c' }, body: `{"n":${i}}` }),
      ),
    );
    answers.forEach((a, i) => {
      expect(a.status).to.equal(200);
      expect(a.headers['retry-after']).to.equal('0');
      expect(JSON.parse(a.body)).to.deep.equal({
        method: 'PUT',
        url: `/x/${i}?a=b+c`,
        auth: 'Bearer secret',
        body: `{"n":${i}}`,
      });
    });
    expect(sessions).to.equal(1);
  });

  it('keeps at most 32 requests on the wire; the rest wait their turn and all get their answer', async () => {
    const held: (() => void)[] = [];
    let open = 0;
    let maxOpen = 0;
    const server = http2.createSecureServer(tls, (req, res) => {
      open++;
      maxOpen = Math.max(maxOpen, open);
      req.resume();
      held.push(() => {
        open--;
        res.writeHead(200).end(req.url);
      });
    });
    const t = transport(await listen(server));
    const answers = Promise.all(
      Array.from({ length: 40 }, (_, i) => t.request({ method: 'GET', path: `/r/${i}` })),
    );
    const deadline = Date.now() + 10_000;
    while (held.length < 32 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100)); // room for a 33rd to arrive, were it sent
    expect(held.length).to.equal(32);
    while (held.length > 0 || open > 0) {
      held.splice(0).forEach((release) => release());
      await new Promise((r) => setTimeout(r, 10));
    }
    const done = await answers;
    expect(done.map((a) => a.body)).to.deep.equal(Array.from({ length: 40 }, (_, i) => `/r/${i}`));
    expect(maxOpen).to.equal(32);
  });

  it('falls back to HTTPS/1.1 for a server without HTTP/2', async () => {
    const server = https.createServer(tls, (req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(201, { 'content-type': 'text/plain' }).end(`h1 ${req.method}`));
    });
    const t = transport(await listen(server));
    for (let i = 0; i < 3; i++) {
      const a = await t.request({ method: 'POST', path: '/p', body: '{}' });
      expect(a).to.include({ status: 201, body: 'h1 POST' });
    }
  });

  it('a request with no answer within the timeout fails with ETIMEDOUT', async () => {
    const server = http2.createSecureServer(tls, () => undefined); // never answers
    const t = transport(await listen(server), 300);
    const err = await t.request({ method: 'GET', path: '/slow' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.have.property('code', 'ETIMEDOUT');
  });

  it('a connection lost before or during the answer fails with ECONNRESET; the next request connects again', async () => {
    let sessions = 0;
    const server = http2.createSecureServer(tls, (req, res) => {
      if (req.url === '/drop') return req.stream.session?.destroy();
      if (req.url === '/cut') {
        // The answer starts, then the connection goes: a cut body must not pass for a whole one.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"items":[');
        setTimeout(() => req.stream.session?.destroy(), 50);
        return;
      }
      res.writeHead(200).end('fine');
    });
    server.on('session', () => sessions++);
    const t = transport(await listen(server));
    const err = await t.request({ method: 'GET', path: '/drop' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.have.property('code', 'ECONNRESET');
    expect(await t.request({ method: 'GET', path: '/ok' })).to.include({ status: 200, body: 'fine' });
    expect(sessions).to.equal(2);
    const cut = await t.request({ method: 'GET', path: '/cut' }).then(
      (a) => a,
      (e: unknown) => e,
    );
    expect(cut).to.have.property('code', 'ECONNRESET');
    expect(await t.request({ method: 'GET', path: '/ok' })).to.include({ status: 200, body: 'fine' });
    expect(sessions).to.equal(3);
  });

  it('an idle connection does not keep the process alive (a CLI that never closes its client exits)', async () => {
    const server = http2.createSecureServer(tls, (_req, res) => res.writeHead(200).end('ok'));
    const url = await listen(server);
    const script = [
      `import { createTransport } from ${JSON.stringify(join(REPO_ROOT, 'functions/core/k8s/transport.ts'))};`,
      `const t = createTransport({ server: ${JSON.stringify(url)}, ca: Buffer.from(process.env.CA), insecureSkipTlsVerify: false, origin: 't' });`,
      `const a = await t.request({ method: 'GET', path: '/' });`,
      `console.log(a.status);`,
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, CA: tls.cert.toString() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => (child.kill('SIGKILL'), resolve(null)), 20_000);
      child.on('exit', (c) => (clearTimeout(timer), resolve(c)));
    });
    expect(out.trim()).to.equal('200');
    expect(code, 'exited by itself').to.equal(0);
  });
});
