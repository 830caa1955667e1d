/**
 * A function as its own process: one ready line, graceful drain on SIGTERM
 * (the in-flight event still gets its answer), clean exit; the same shell
 * for github-source; and K_SINK emission to a real HTTP sink.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Handler } from '../../../functions/core/runtime/contract.js';
import type { KubePort } from '../../../functions/core/k8s/port.js';
import { apiServerRefEvent, pingEvent, postEvent } from '../../support/cloudevents.js';
import { startEventSink, type EventSink } from '../../support/event-sink.js';
import { eventually } from '../../support/eventually.js';
import { startHandlerServer } from '../../support/functions.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/slow-function.ts', import.meta.url));

function startProcess(env: NodeJS.ProcessEnv): {
  child: ChildProcess;
  lines: string[];
  ready: Promise<{ port: number }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { PATH: process.env.PATH, LOG_FORMAT: 'json', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const ready = new Promise<{ port: number }>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (c: Buffer) => {
      buffered += c.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const entry = JSON.parse(line) as { message: string; port?: number };
        if (entry.message === 'slow-function ready' && entry.port) resolve({ port: entry.port });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before ready`)));
  });
  return { child, lines, ready };
}

describe('function process', function () {
  this.timeout(30_000);
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('logs one ready line, then drains an in-flight event on SIGTERM and exits 0', async () => {
    const started = startProcess({ SLOW_MS: '700' });
    child = started.child;
    const { port } = await started.ready;
    expect(started.lines.filter((l) => (JSON.parse(l) as { level: string }).level === 'info')).to.have.length(
      1,
    );
    const url = `http://127.0.0.1:${port}/`;
    const exit = new Promise<number | null>((r) => child?.once('exit', (code) => r(code)));
    const inFlight = postEvent(url, pingEvent());
    // The handler now waits for SIGTERM: the event is in flight until the process is told to stop.
    await eventually('the handler to get the event', async () =>
      started.lines.some((l) => (JSON.parse(l) as { message: string }).message === 'event received'),
    );
    child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).to.equal(202);
    expect(res.body).to.equal('');
    expect(await exit).to.equal(0);
    // Once stopping, it accepts nothing new.
    const after = await fetch(url, { method: 'POST' }).catch((err: unknown) => err);
    expect(after).to.be.instanceOf(Error);
  });

  it('exits 1 with the configuration problem when it cannot start', async () => {
    const bad = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
      env: { PATH: process.env.PATH, PORT: 'not-a-port' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = bad;
    let stderr = '';
    bad.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => bad.once('exit', (c) => r(c)));
    expect(code).to.equal(1);
    expect(stderr).to.match(
      /^slow-function: failed to start: invalid configuration: PORT must be an integer >= 0 and <= 65535/,
    );
  });
});

describe('github-source in the same process shell', () => {
  it('reads PORT like every function: a bad one is a configuration error naming it', async () => {
    const { startGitHubSource } = await import('../../../functions/github-source/start.js');
    const err = await startGitHubSource({
      env: { PORT: 'not-a-port', GITHUB_WEBHOOK_SECRET: 's', K_SINK: 'http://127.0.0.1:9' },
      handleSignals: false,
    }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).to.match(/PORT must be an integer >= 0 and <= 65535/);
  });

  it('serves on the given port and drains on close', async () => {
    const { startGitHubSource } = await import('../../../functions/github-source/start.js');
    const source = await startGitHubSource({
      env: { GITHUB_WEBHOOK_SECRET: 's', K_SINK: 'http://127.0.0.1:9', LOG_LEVEL: 'silent' },
      host: '127.0.0.1',
      port: 0,
      handleSignals: false,
    });
    expect((await fetch(`${source.url}/healthz`)).status).to.equal(200);
    await source.close();
    expect(await fetch(`${source.url}/healthz`).catch((e: unknown) => e)).to.be.instanceOf(Error);
  });
});

describe('emitting to K_SINK', () => {
  let sink: EventSink;
  before(async () => {
    sink = await startEventSink();
  });
  after(() => sink.stop());

  it('sends the handler’s events as binary CloudEvents', async () => {
    const handle: Handler = async (request, deps) => {
      if (request.type !== 'object') return 'ignored';
      await deps.emit({
        type: 'dev.kelos.task.waiting',
        source: `/apis/kelos.dev/v1alpha1/namespaces/${request.namespace}/tasks/${request.name}`,
        subject: request.name,
        data: { phase: 'Waiting', message: 'waiting for dependencies' },
      });
      return 'handled';
    };
    const server = await startHandlerServer({ handle, kube: {} as KubePort, env: { K_SINK: sink.url } });
    try {
      const task = {
        apiVersion: 'kelos.dev/v1alpha1',
        kind: 'Task',
        metadata: { name: 'b', namespace: 'team-a' },
      };
      expect((await postEvent(server.url, apiServerRefEvent('add', task))).status).to.equal(202);
    } finally {
      await server.stop();
    }
    expect(sink.events).to.have.length(1);
    expect(sink.events[0]?.headers).to.deep.include({
      'ce-type': 'dev.kelos.task.waiting',
      'ce-source': '/apis/kelos.dev/v1alpha1/namespaces/team-a/tasks/b',
      'ce-subject': 'b',
      'ce-specversion': '1.0',
      'content-type': 'application/json',
    });
    expect(JSON.parse(sink.events[0]?.body ?? '')).to.deep.equal({
      phase: 'Waiting',
      message: 'waiting for dependencies',
    });
  });
});
