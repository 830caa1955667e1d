/** The K_SINK emitter: binary-mode headers, retries, never throwing. */
import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../functions/core/runtime/contract.js';
import { createEmitter } from '../../../functions/core/runtime/emitter.js';

function recordingLog(): Logger & { warnings: Array<Record<string, unknown> | undefined> } {
  const warnings: Array<Record<string, unknown> | undefined> = [];
  const log: Logger & { warnings: typeof warnings } = {
    warnings,
    debug() {},
    info() {},
    warn: (_m, meta) => void warnings.push(meta),
    error() {},
    child: () => log,
  };
  return log;
}

const event = {
  type: 'dev.kelos.task.succeeded',
  source: '/apis/kelos.dev/v1alpha1/namespaces/team-a/tasks/fix-1',
  subject: 'fix-1',
  data: { phase: 'Succeeded' },
};

describe('createEmitter', () => {
  it('is a no-op without K_SINK', async () => {
    let called = false;
    const emit = createEmitter({
      sink: undefined,
      log: recordingLog(),
      fetch: async () => ((called = true), new Response()),
    });
    await emit(event);
    expect(called).to.equal(false);
  });

  it('posts a binary-mode CloudEvent', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const emit = createEmitter({
      sink: 'http://broker/kelos',
      log: recordingLog(),
      now: () => new Date('2026-11-25T12:00:00Z'),
      fetch: async (url, init) => (
        seen.push({ url: String(url), init: init ?? {} }),
        new Response(null, { status: 202 })
      ),
    });
    await emit(event);
    expect(seen).to.have.length(1);
    const headers = seen[0]?.init.headers as Record<string, string>;
    expect(headers).to.deep.include({
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-type': 'dev.kelos.task.succeeded',
      'ce-source': event.source,
      'ce-subject': 'fix-1',
      'ce-time': '2026-11-25T12:00:00.000Z',
    });
    expect(headers['ce-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(String(seen[0]?.init.body))).to.deep.equal({ phase: 'Succeeded' });
  });

  it('retries 5xx and network errors, then warns without throwing', async () => {
    let calls = 0;
    const log = recordingLog();
    const emit = createEmitter({
      sink: 'http://broker',
      log,
      backoffMs: 1,
      fetch: async () => {
        calls++;
        if (calls === 1) throw new TypeError('fetch failed');
        return new Response('no', { status: 503 });
      },
    });
    await emit(event);
    expect(calls).to.equal(3);
    expect(log.warnings[0]).to.deep.include({ emitType: 'dev.kelos.task.succeeded', problem: 'HTTP 503' });
  });

  it('does not retry a 400 from the sink', async () => {
    let calls = 0;
    const emit = createEmitter({
      sink: 'http://broker',
      log: recordingLog(),
      fetch: async () => (calls++, new Response('', { status: 400 })),
    });
    await emit(event);
    expect(calls).to.equal(1);
  });

  it('posts over real HTTP by default (keep-alive), and retries a 503 from the sink', async () => {
    const seen: { headers: Record<string, unknown>; body: string }[] = [];
    const answers = [503, 202];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(answers.shift() ?? 202).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const log = recordingLog();
      const emit = createEmitter({
        sink: `http://127.0.0.1:${(server.address() as AddressInfo).port}/kelos-system/kelos`,
        log,
        backoffMs: 1,
      });
      await emit(event);
      expect(seen).to.have.length(2);
      expect(seen[1]!.headers).to.include({ 'ce-type': 'dev.kelos.task.succeeded', 'ce-subject': 'fix-1' });
      expect(JSON.parse(seen[1]!.body)).to.deep.equal({ phase: 'Succeeded' });
      expect(log.warnings).to.deep.equal([]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('gives up after the timeout when the sink never answers, without throwing', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const log = recordingLog();
      const emit = createEmitter({
        sink: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        log,
        timeoutMs: 50,
        attempts: 2,
        backoffMs: 1,
      });
      await emit(event);
      expect(log.warnings[0]).to.deep.include({ problem: 'no answer within 50 ms' });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
