/**
 * Malformed, truncated and oversized input at both HTTP faces (the CloudEvents
 * runtime every function uses, and github-source's webhook receiver): each
 * gets its documented 4xx (functions/core/README.md, functions/github-source/README.md),
 * reaches no handler and forwards nothing, and is logged exactly once.
 */
import { expect } from 'chai';
import { request } from 'node:http';
import type { RunningGitHubSource } from '../../../functions/github-source/start.js';
import type { Handler } from '../../../functions/core/runtime/contract.js';
import type { KubePort } from '../../../functions/core/k8s/port.js';
import { captureLogger, type CaptureLogger } from '../../support/capture-logger.js';
import { startHandlerServer, type FunctionServer } from '../../support/functions.js';
import { pingEvent, structuredRequest } from '../../support/cloudevents.js';
import { sign } from '../github-source/payloads.js';

const SECRET = 'bad-input-secret';
/** Bad input never gets as far as the API server. */
const unusedKube = new Proxy({} as KubePort, {
  get: () => () => Promise.reject(new Error('kube not expected in this test')),
});

/** Sends raw bytes with their exact length (a cut body is a complete request with less in it). */
function send(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Waits until the server has logged `n` loud lines in total (logging may trail the answer). */
async function loudLines(log: CaptureLogger, n: number): Promise<number> {
  const deadline = Date.now() + 5000;
  while (log.loud().length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));
  return log.loud().length;
}

describe('bad input at the HTTP faces: documented 4xx, logged once', function () {
  this.timeout(30_000);

  describe('CloudEvents runtime', () => {
    let server: FunctionServer;
    let log: CaptureLogger;
    let handled = 0;
    const handle: Handler = async () => {
      handled++;
      return 'handled';
    };
    before(async () => {
      log = captureLogger();
      server = await startHandlerServer({ name: 'bad-input', handle, env: {}, log, kube: unusedKube });
    });
    after(() => server?.stop());

    const ping = structuredRequest(pingEvent());
    const cases: { name: string; headers: Record<string, string>; body: string; status: number }[] = [
      {
        name: 'binary mode without ce-specversion',
        headers: { 'content-type': 'application/json', 'ce-id': '1', 'ce-type': 't', 'ce-source': '/s' },
        body: '{}',
        status: 400,
      },
      {
        name: 'structured mode, not JSON',
        headers: { 'content-type': 'application/cloudevents+json' },
        body: '{"specversion": "1.0", "id": ',
        status: 400,
      },
      {
        name: 'structured mode cut in half',
        headers: ping.headers,
        body: ping.body.slice(0, Math.floor(ping.body.length / 2)),
        status: 400,
      },
      {
        name: 'an apiserver event whose data is not an object reference',
        headers: {
          'content-type': 'application/json',
          'ce-specversion': '1.0',
          'ce-id': '2',
          'ce-type': 'dev.knative.apiserver.ref.add',
          'ce-source': 'https://10.96.0.1:443',
        },
        body: '[1,2,3]',
        status: 400,
      },
      {
        name: 'a GitHub event with no payload',
        headers: {
          'content-type': 'application/json',
          'ce-specversion': '1.0',
          'ce-id': '3',
          'ce-type': 'com.github.issue.opened',
          'ce-source': 'https://api.github.com/repos/o/r',
        },
        body: '"just a string"',
        status: 400,
      },
      {
        name: 'a body over the 25 MB limit',
        headers: { 'content-type': 'application/cloudevents+json' },
        body: `{"data":"${'x'.repeat(26 * 1024 * 1024)}"}`,
        status: 413,
      },
    ];
    for (const c of cases) {
      it(`${c.name}: ${c.status}, handler not called, one warning`, async () => {
        const before = log.loud().length;
        const handledBefore = handled;
        const res = await send(server.url, c.headers, c.body);
        expect(res.status).to.equal(c.status);
        expect(JSON.parse(res.body)).to.have.property('error').that.is.a('string');
        expect(handled).to.equal(handledBefore);
        expect(await loudLines(log, before + 1)).to.equal(before + 1);
        expect(log.loud().at(-1)?.level).to.equal('warn');
      });
    }
  });

  describe('github-source webhooks', () => {
    let source: RunningGitHubSource;
    let log: CaptureLogger;
    let forwarded = 0;
    before(async () => {
      log = captureLogger();
      const { startGitHubSource } = await import('../../../functions/github-source/start.js');
      source = await startGitHubSource({
        env: { GITHUB_WEBHOOK_SECRET: SECRET, K_SINK: 'http://127.0.0.1:9/never', WEBHOOK_BODY_LIMIT: '1mb' },
        host: '127.0.0.1',
        port: 0,
        handleSignals: false,
        log,
        fetch: async () => {
          forwarded++;
          return new Response(null, { status: 202 });
        },
      });
    });
    after(() => source?.close());

    const body = JSON.stringify({
      action: 'opened',
      repository: { url: 'https://api.github.com/repos/o/r' },
    });
    const signed = (b: string, extra: Record<string, string> = {}) => ({
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-github-delivery': 'd-1',
      'x-hub-signature-256': sign(b, SECRET),
      ...extra,
    });
    const big = JSON.stringify({ action: 'opened', body: 'x'.repeat(2 * 1024 * 1024) });
    const cases: { name: string; headers: Record<string, string>; body: string; status: number }[] = [
      {
        name: 'no signature',
        headers: { 'x-github-event': 'issues', 'x-github-delivery': 'd' },
        body,
        status: 401,
      },
      {
        name: 'a truncated body (signature no longer matches)',
        headers: signed(body),
        body: body.slice(0, 20),
        status: 401,
      },
      { name: 'signed, not JSON', headers: signed('{"action":'), body: '{"action":', status: 400 },
      { name: 'signed, a JSON array', headers: signed('[1]'), body: '[1]', status: 400 },
      {
        name: 'signed, an event name with upper case',
        headers: signed(body, { 'x-github-event': 'Issues' }),
        body,
        status: 400,
      },
      {
        name: 'signed, no delivery id',
        headers: { ...signed(body), 'x-github-delivery': '' },
        body,
        status: 400,
      },
      { name: 'over WEBHOOK_BODY_LIMIT', headers: signed(big), body: big, status: 413 },
    ];
    for (const c of cases) {
      it(`${c.name}: ${c.status}, nothing forwarded, one warning`, async () => {
        const before = log.loud().length;
        const res = await send(source.url, c.headers, c.body);
        expect(res.status).to.equal(c.status);
        expect(forwarded).to.equal(0);
        expect(await loudLines(log, before + 1)).to.equal(before + 1);
        expect(log.loud().at(-1)?.level).to.equal('warn');
      });
    }

    it('a projects_v2_item delivery (digits in the event name) is forwarded: 202', async () => {
      const res = await send(source.url, signed(body, { 'x-github-event': 'projects_v2_item' }), body);
      expect(res.status).to.equal(202);
      expect(forwarded).to.equal(1);
    });
  });
});
