/** The REST client against a local HTTP stand-in for the API server: paths, errors, log streaming. */
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeClient } from '../../../cli/kube/client.js';
import { KubeError, NoMatchError } from '../../../cli/kube/errors.js';
import { Capture } from './support/run.js';

describe('cli: kube client (local HTTP server)', () => {
  let server: http.Server;
  const seen: string[] = [];
  let kc: KubeConfig;

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers['content-type'] ?? ''}`.trim());
      const json = (code: number, body: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = req.url ?? '';
      if (url === '/apis/kelos.dev/v1alpha1') {
        return json(200, {
          resources: [
            { name: 'tasks', kind: 'Task', namespaced: true },
            { name: 'tasks/status', kind: 'Task', namespaced: true },
          ],
        });
      }
      if (url === '/apis/nope.dev/v1')
        return json(404, {
          kind: 'Status',
          code: 404,
          reason: 'NotFound',
          message: 'the server could not find the requested resource',
        });
      if (url.startsWith('/apis/kelos.dev/v1alpha1/namespaces/ns/tasks/missing')) {
        return json(404, {
          kind: 'Status',
          code: 404,
          reason: 'NotFound',
          message: 'tasks.kelos.dev "missing" not found',
        });
      }
      if (url === '/apis/kelos.dev/v1alpha1/tasks')
        return json(200, { kind: 'TaskList', items: [{ metadata: { name: 'a', namespace: 'x' } }] });
      if (url.startsWith('/api/v1/namespaces/ns/pods/p/log?container=waiting')) {
        return json(400, {
          kind: 'Status',
          code: 400,
          reason: 'BadRequest',
          message: 'container "waiting" in pod "p" is waiting to start: PodInitializing',
        });
      }
      if (url.startsWith('/api/v1/namespaces/ns/pods/p/log')) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('line one\n');
        setTimeout(() => res.end('line two\n'), 20);
        return undefined;
      }
      return json(500, { message: 'unexpected' });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u', namespace: 'from-context' }],
      currentContext: 'ctx',
    });
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('reads the context namespace; lists across namespaces and restores apiVersion/kind', async () => {
    const kube = createKubeClient(kc);
    expect(kube.contextNamespace).to.equal('from-context');
    expect(await kube.list('kelos.dev/v1alpha1', 'Task', undefined)).to.deep.equal([
      { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', metadata: { name: 'a', namespace: 'x' } },
    ]);
  });
  it('get of a missing object is undefined; delete of one is a 404 KubeError with the server message', async () => {
    const kube = createKubeClient(kc);
    expect(
      await kube.get({ apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', namespace: 'ns', name: 'missing' }),
    ).to.equal(undefined);
    let err: unknown;
    await kube
      .delete({ apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', namespace: 'ns', name: 'missing' })
      .catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(KubeError);
    expect((err as KubeError).code).to.equal(404);
    expect((err as KubeError).message).to.equal('tasks.kelos.dev "missing" not found');
  });
  it('a kind the server does not serve is a NoMatchError', async () => {
    const kube = createKubeClient(kc);
    let err: unknown;
    await kube
      .delete({ apiVersion: 'nope.dev/v1', kind: 'Thing', name: 'x' })
      .catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(NoMatchError);
    err = undefined;
    await kube
      .delete({ apiVersion: 'kelos.dev/v1alpha1', kind: 'Other', name: 'x' })
      .catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(NoMatchError);
  });
  it('streams a container log into a writable without ending it; a container not started is a 400 with its message', async () => {
    const kube = createKubeClient(kc);
    const out = new Capture();
    await kube.streamLogs({ namespace: 'ns', pod: 'p', container: 'claude-code', follow: true, out });
    expect(out.text).to.equal('line one\nline two\n');
    expect(out.writableEnded).to.equal(false);
    expect(seen).to.include('GET /api/v1/namespaces/ns/pods/p/log?container=claude-code&follow=true');
    let err: unknown;
    await kube
      .streamLogs({ namespace: 'ns', pod: 'p', container: 'waiting', follow: true, out })
      .catch((e: unknown) => (err = e));
    expect((err as KubeError).message).to.contain('is waiting to start: PodInitializing');
  });
});
