/**
 * The function runtime over real HTTP: a tiny test handler served by
 * startFunction, events posted in both CloudEvents modes.
 */
import { expect } from 'chai';
import type { FunctionRequest, Handler } from '../../../functions/core/runtime/contract.js';
import { ConflictError, ValidationError } from '../../../functions/core/runtime/errors.js';
import { createRestClient } from '../../../functions/core/k8s/rest-client.js';
import { createTransport } from '../../../functions/core/k8s/transport.js';
import type { KubePort } from '../../../functions/core/k8s/port.js';
import {
  apiServerRefEvent,
  apiServerResourceEvent,
  githubEvent,
  pingEvent,
  postEvent,
} from '../../support/cloudevents.js';
import { startHandlerServer, type FunctionServer } from '../../support/functions.js';

const task = {
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'Task',
  metadata: { name: 'fix-1', namespace: 'team-a', uid: 'u1', resourceVersion: '7' },
  spec: { type: 'claude-code', prompt: 'hi', credentials: { type: 'api-key', secretRef: { name: 's' } } },
};

/** A KubePort that must not be used by these tests (the handler decides alone). */
const unusedKube = new Proxy({} as KubePort, {
  get: () => () => Promise.reject(new Error('kube not expected in this test')),
});

describe('function runtime over HTTP', () => {
  let server: FunctionServer;
  let seen: FunctionRequest[];
  let behaviour: (r: FunctionRequest) => Promise<'handled' | 'ignored'>;

  const handle: Handler = async (request) => {
    seen.push(request);
    return behaviour(request);
  };

  before(async () => {
    server = await startHandlerServer({ handle, kube: unusedKube });
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => {
    seen = [];
    behaviour = async () => 'handled';
  });

  for (const mode of ['binary', 'structured'] as const) {
    it(`decodes a Reference-mode Task event in ${mode} mode and answers 202 with an empty body`, async () => {
      const res = await postEvent(server.url, apiServerRefEvent('update', task), mode);
      expect(res.status).to.equal(202);
      expect(res.body).to.equal('');
      expect(seen).to.have.length(1);
      expect(seen[0]).to.deep.include({
        type: 'object',
        kind: 'Task',
        namespace: 'team-a',
        name: 'fix-1',
        verb: 'update',
      });
    });

    it(`passes a Resource-mode object as a hint in ${mode} mode`, async () => {
      const res = await postEvent(server.url, apiServerResourceEvent('add', task), mode);
      expect(res.status).to.equal(202);
      const request = seen[0];
      expect(request?.type).to.equal('object');
      if (request?.type === 'object') expect(request.hint?.metadata.resourceVersion).to.equal('7');
    });
  }

  it('answers 204 with an empty body when the handler ignores the event', async () => {
    behaviour = async () => 'ignored';
    const res = await postEvent(server.url, pingEvent());
    expect(res.status).to.equal(204);
    expect(res.body).to.equal('');
    expect(seen[0]?.type).to.equal('resync');
  });

  it('answers 204 for a well-formed event of an unknown type without calling the handler', async () => {
    const res = await postEvent(server.url, { ...pingEvent(), type: 'com.example.unrelated' });
    expect(res.status).to.equal(204);
    expect(seen).to.have.length(0);
  });

  it('delivers GitHub events with their payload', async () => {
    const res = await postEvent(
      server.url,
      githubEvent('issues', { action: 'opened', issue: { number: 4 } }),
      'structured',
    );
    expect(res.status).to.equal(202);
    expect(seen[0]).to.deep.include({ type: 'github', event: 'issues', action: 'opened' });
  });

  it('answers 400 with a JSON reason for a malformed CloudEvent and does not call the handler', async () => {
    const missingType = await fetch(server.url, {
      method: 'POST',
      headers: {
        'ce-id': '1',
        'ce-source': '/x',
        'ce-specversion': '1.0',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(missingType.status).to.equal(400);
    expect(((await missingType.json()) as { error: string }).error).to.match(/type/);

    const notJson = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: '{not json',
    });
    expect(notJson.status).to.equal(400);
    expect(((await notJson.json()) as { error: string }).error).to.match(/not JSON/);

    const noEvent = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(noEvent.status).to.equal(400);
    expect(seen).to.have.length(0);
  });

  it('answers 400 when the data is not the object the event claims', async () => {
    const event = apiServerResourceEvent('add', task);
    const res = await postEvent(server.url, { ...event, data: { hello: 'world' } });
    expect(res.status).to.equal(400);
    expect(JSON.parse(res.body))
      .to.have.property('error')
      .that.match(/not a Kubernetes object/);
    expect(seen).to.have.length(0);
  });

  it('maps handler errors: ValidationError 400, ConflictError 409, anything else 503 without internals', async () => {
    behaviour = async () => {
      throw new ValidationError('spec.prompt is empty');
    };
    let res = await postEvent(server.url, apiServerRefEvent('add', task));
    expect(res.status).to.equal(400);
    expect(JSON.parse(res.body)).to.deep.equal({ error: 'spec.prompt is empty' });

    behaviour = async () => {
      throw new ConflictError('Task team-a/fix-1 changed during the update');
    };
    res = await postEvent(server.url, apiServerRefEvent('add', task));
    expect(res.status).to.equal(409);

    behaviour = async () => {
      throw new TypeError('x is undefined at secret-value-ghp_abcdefghijklmnopqrstuvwx');
    };
    res = await postEvent(server.url, apiServerRefEvent('add', task));
    expect(res.status).to.equal(503);
    expect(JSON.parse(res.body)).to.deep.equal({ error: 'internal error' });
  });

  it('serves /healthz and /metrics with the Kelos metrics and counts reconcile errors', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).to.equal(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).to.include('# TYPE kelos_task_duration_seconds histogram');
    expect(metrics).to.match(/kelos_reconcile_errors_total\{controller="task"\} [1-9]/);
  });
});

describe('function runtime with the API server unreachable', () => {
  let server: FunctionServer;

  before(async () => {
    // Port 1 on loopback: nothing listens, connections are refused at once.
    const kube = createRestClient(
      createTransport({ server: 'http://127.0.0.1:1', insecureSkipTlsVerify: false, origin: 'test' }),
      {
        backoffMs: 1,
      },
    );
    const handle: Handler = async (request, deps) => {
      if (request.type !== 'object') return 'ignored';
      await deps.kube.get({
        apiVersion: request.apiVersion,
        kind: request.kind,
        namespace: request.namespace,
        name: request.name,
      });
      return 'handled';
    };
    server = await startHandlerServer({ handle, kube });
  });
  after(async () => {
    await server.stop();
  });

  it('answers 503 so the broker retries', async () => {
    const res = await postEvent(server.url, apiServerRefEvent('add', task));
    expect(res.status).to.equal(503);
    expect(JSON.parse(res.body).error).to.match(/get Task team-a\/fix-1: API server unreachable/);
  });
});
