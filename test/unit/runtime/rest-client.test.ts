/** The REST adapter over a scripted transport: paths, content types, retry policy. */
import { expect } from 'chai';
import { isAlreadyExists, KubeError } from '../../../functions/core/k8s/errors.js';
import { kindInfo, resourcePath } from '../../../functions/core/k8s/kinds.js';
import { createRestClient } from '../../../functions/core/k8s/rest-client.js';
import type { RawRequest, RawResponse, Transport } from '../../../functions/core/k8s/transport.js';

type Step = RawResponse | Error;

function scripted(steps: Step[]): Transport & { requests: RawRequest[] } {
  const requests: RawRequest[] = [];
  return {
    requests,
    async request(req) {
      requests.push(req);
      const step = steps.shift();
      if (!step) throw new Error('no scripted response left');
      if (step instanceof Error) throw step;
      return step;
    },
    open: () => Promise.reject(new Error('the REST client does not stream')),
    close() {},
  };
}
const ok = (body: unknown, status = 200): RawResponse => ({
  status,
  body: JSON.stringify(body),
  headers: {},
});
const netErr = (code: string) => Object.assign(new Error(code), { code });
const noSleep = async () => {};
const taskRef = { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', namespace: 'team-a', name: 'fix-1' };

describe('kinds', () => {
  it('builds core, group and cluster-scoped paths', () => {
    expect(resourcePath(kindInfo('v1', 'Pod'), { namespace: 'n', name: 'p', subresource: 'log' })).to.equal(
      '/api/v1/namespaces/n/pods/p/log',
    );
    expect(resourcePath(kindInfo('kelos.dev/v1alpha1', 'TaskSpawner'), { namespace: 'n' })).to.equal(
      '/apis/kelos.dev/v1alpha1/namespaces/n/taskspawners',
    );
    expect(resourcePath(kindInfo('coordination.k8s.io/v1', 'Lease'), { namespace: 'n', name: 'l' })).to.equal(
      '/apis/coordination.k8s.io/v1/namespaces/n/leases/l',
    );
    expect(resourcePath(kindInfo('v1', 'Namespace'), { namespace: 'ignored', name: 'a' })).to.equal(
      '/api/v1/namespaces/a',
    );
    expect(resourcePath(kindInfo('kelos.dev/v1alpha1', 'Task'), {})).to.equal(
      '/apis/kelos.dev/v1alpha1/tasks',
    );
  });
  it('refuses unknown kinds and mismatched apiVersions', () => {
    expect(() => kindInfo('v1', 'Widget')).to.throw(/unsupported kind Widget/);
    expect(() => kindInfo('v1', 'Task')).to.throw(/expected kelos.dev\/v1alpha1/);
  });
});

describe('createRestClient', () => {
  it('get returns the object, or undefined on 404', async () => {
    const t = scripted([
      ok({ kind: 'Task', metadata: { name: 'fix-1' } }),
      ok({ kind: 'Status', code: 404, reason: 'NotFound' }, 404),
    ]);
    const kube = createRestClient(t, { sleep: noSleep });
    expect(await kube.get(taskRef)).to.deep.include({ kind: 'Task' });
    expect(await kube.get(taskRef)).to.equal(undefined);
    expect(t.requests[0]).to.deep.include({
      method: 'GET',
      path: '/apis/kelos.dev/v1alpha1/namespaces/team-a/tasks/fix-1',
    });
  });

  it('retries a GET on network errors, 429 and 5xx, then gives up with a transient KubeError', async () => {
    const t = scripted([netErr('ECONNRESET'), ok({}, 503), ok({ items: [] })]);
    const list = await createRestClient(t, { sleep: noSleep }).list('v1', 'Pod', 'n', {
      labelSelector: 'kelos.dev/task=a',
    });
    expect(list.items).to.deep.equal([]);
    expect(t.requests).to.have.length(3);
    expect(t.requests[2]?.query).to.deep.equal({
      labelSelector: 'kelos.dev/task=a',
      fieldSelector: undefined,
      resourceVersion: undefined,
    });

    const failing = scripted([netErr('ECONNREFUSED'), netErr('ECONNREFUSED'), netErr('ECONNREFUSED')]);
    const err = await createRestClient(failing, { sleep: noSleep })
      .get(taskRef)
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(KubeError);
    expect((err as KubeError).code).to.equal(0);
    expect((err as KubeError).transient).to.equal(true);
    expect(failing.requests).to.have.length(3);
  });

  it('a read at a resourceVersion answers its first 5xx (the caller falls back), but still retries 429 and the network', async () => {
    const tooNew = scripted([ok({ kind: 'Status', code: 504, reason: 'Timeout' }, 504)]);
    const err = await createRestClient(tooNew, { sleep: noSleep })
      .get(taskRef, { resourceVersion: '999999999999' })
      .catch((e: unknown) => e);
    expect((err as KubeError).code).to.equal(504);
    expect(tooNew.requests).to.have.length(1);
    expect(tooNew.requests[0]?.query).to.deep.equal({ resourceVersion: '999999999999' });

    const throttled = scripted([ok({}, 429), netErr('ECONNRESET'), ok({ metadata: { name: 'fix-1' } })]);
    const got = await createRestClient(throttled, { sleep: noSleep }).get(taskRef, { resourceVersion: '7' });
    expect(got?.metadata.name).to.equal('fix-1');
    expect(throttled.requests).to.have.length(3);
  });

  it('never retries a create; AlreadyExists surfaces as a 409 KubeError', async () => {
    const t = scripted([ok({ kind: 'Status', code: 409, reason: 'AlreadyExists', message: 'exists' }, 409)]);
    const err = await createRestClient(t, { sleep: noSleep })
      .create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' } })
      .catch((e: unknown) => e);
    expect(isAlreadyExists(err)).to.equal(true);
    expect(t.requests).to.have.length(1);
    expect(t.requests[0]).to.deep.include({ method: 'POST', path: '/api/v1/namespaces/n/pods' });

    const down = scripted([netErr('ECONNRESET')]);
    await createRestClient(down, { sleep: noSleep })
      .create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' } })
      .catch(() => undefined);
    expect(down.requests).to.have.length(1);
  });

  it('fills apiVersion and kind on list items', async () => {
    const t = scripted([
      ok({ apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [{ metadata: { name: 'a' } }] }),
    ]);
    const list = await createRestClient(t).list('v1', 'Pod', undefined);
    expect(list.items[0]).to.deep.include({ apiVersion: 'v1', kind: 'Pod' });
    expect(t.requests[0]?.path).to.equal('/api/v1/pods');
  });

  it('sends merge and JSON patches with their content types, and status to the subresource', async () => {
    const t = scripted([ok({}), ok({}), ok({})]);
    const kube = createRestClient(t);
    await kube.patch(taskRef, { metadata: { labels: { a: 'b' } } });
    await kube.patchStatus(taskRef, [{ op: 'add', path: '/status/phase', value: 'Running' }], 'json');
    await kube.replaceStatus({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      metadata: { name: 'fix-1', namespace: 'team-a', resourceVersion: '3' },
    });
    expect(t.requests[0]).to.deep.include({ method: 'PATCH', contentType: 'application/merge-patch+json' });
    expect(t.requests[1]).to.deep.include({
      path: '/apis/kelos.dev/v1alpha1/namespaces/team-a/tasks/fix-1/status',
      contentType: 'application/json-patch+json',
    });
    expect(t.requests[2]).to.deep.include({
      method: 'PUT',
      path: '/apis/kelos.dev/v1alpha1/namespaces/team-a/tasks/fix-1/status',
    });
  });

  it('delete sends preconditions and propagation, and is false when already gone', async () => {
    const t = scripted([ok({}), ok({ kind: 'Status', code: 404, reason: 'NotFound' }, 404)]);
    const kube = createRestClient(t);
    expect(await kube.delete(taskRef, { uid: 'u1', propagationPolicy: 'Background' })).to.equal(true);
    expect(JSON.parse(t.requests[0]?.body ?? '')).to.deep.include({
      propagationPolicy: 'Background',
      preconditions: { uid: 'u1' },
    });
    expect(await kube.delete(taskRef)).to.equal(false);
  });

  it('podLogs asks pods/log with container and tailLines and returns the text', async () => {
    const t = scripted([{ status: 200, body: 'line 1\nline 2\n', headers: {} }]);
    expect(await createRestClient(t).podLogs('n', 'p', 'agent', 50)).to.equal('line 1\nline 2\n');
    expect(t.requests[0]).to.deep.include({
      path: '/api/v1/namespaces/n/pods/p/log',
      query: { container: 'agent', tailLines: 50 },
    });
  });
});
