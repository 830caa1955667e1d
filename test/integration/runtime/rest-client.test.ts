/** The REST KubePort against the real API server: the verbs and failure codes handlers rely on. */
import { expect } from 'chai';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import { connectKube } from '../../../functions/core/k8s/connect.js';
import { isAlreadyExists, isConflict, KubeError } from '../../../functions/core/k8s/errors.js';
import { getNotOlderThan } from '../../../functions/core/k8s/get-not-older.js';
import { listAll, listPages } from '../../../functions/core/k8s/list-pages.js';
import type { GetOptions, KubePort, ObjectRef } from '../../../functions/core/k8s/port.js';
import type { KubeClient } from '../../../functions/core/k8s/rest-client.js';
import { useCluster, type Cluster } from '../../support/cluster.js';

const TASK = { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task' };

function task(namespace: string, name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    ...TASK,
    metadata: { name, namespace, labels },
    spec: {
      type: 'claude-code',
      prompt: 'fix it',
      credentials: { type: 'api-key', secretRef: { name: 'creds' } },
    },
  };
}

describe('REST KubePort against the API server', function () {
  this.timeout(60_000);
  let cluster: Cluster;
  let kube: KubeClient;
  let ns: string;

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await cluster.applyCrds();
    kube = await connectKube({ KUBECONFIG: cluster.kubeconfigPath });
    ns = await cluster.newNamespace('runtime-rest');
  });
  after(() => kube?.close());

  it('get of a missing object is undefined; create, then get returns it', async () => {
    expect(await kube.get({ ...TASK, namespace: ns, name: 'absent' })).to.equal(undefined);
    const created = await kube.create(task(ns, 'one'));
    expect(created.metadata.uid).to.be.a('string');
    const got = await kube.get<KubeObject>({ ...TASK, namespace: ns, name: 'one' });
    expect(got?.metadata.uid).to.equal(created.metadata.uid);
  });

  describe("a read at an event's resourceVersion (get-not-older.ts)", () => {
    /** The port, recording what each get was asked and how it ended. */
    function recording(): { port: Pick<KubePort, 'get'>; calls: { rv?: string; outcome: string }[] } {
      const calls: { rv?: string; outcome: string }[] = [];
      const port: Pick<KubePort, 'get'> = {
        async get<T extends KubeObject>(ref: ObjectRef, options?: GetOptions) {
          const rv = options?.resourceVersion;
          try {
            const got = await kube.get<T>(ref, options);
            calls.push({ ...(rv ? { rv } : {}), outcome: got ? 'found' : 'absent' });
            return got;
          } catch (err) {
            calls.push({ ...(rv ? { rv } : {}), outcome: String((err as KubeError).code) });
            throw err;
          }
        },
      };
      return { port, calls };
    }

    it('returns the version an event saw, or a newer one, never an older one', async () => {
      const created = await kube.create(task(ns, 'seen'));
      const ref = { ...TASK, namespace: ns, name: 'seen' };
      const updated = await kube.replaceStatus({
        ...created,
        status: { phase: 'Waiting', message: 'later' },
      });
      const { port, calls } = recording();
      // An event from before the status write: the read still returns the write.
      const got = await getNotOlderThan<KubeObject>(port, ref, created.metadata.resourceVersion);
      expect(got?.metadata.resourceVersion).to.equal(updated.metadata.resourceVersion);
      expect(calls).to.deep.equal([{ rv: created.metadata.resourceVersion, outcome: 'found' }]);
      const again = await getNotOlderThan<KubeObject>(port, ref, updated.metadata.resourceVersion);
      expect(again?.status).to.deep.equal({ phase: 'Waiting', message: 'later' });
      expect(
        await getNotOlderThan(port, { ...ref, name: 'never' }, updated.metadata.resourceVersion),
      ).to.equal(undefined);
    });

    it("a forged version (not a number: 500; beyond the server's: 504 after its own wait) falls back to a consistent read", async function () {
      this.timeout(30_000);
      await kube.create(task(ns, 'forged'));
      const ref = { ...TASK, namespace: ns, name: 'forged' };
      const { port, calls } = recording();
      expect((await getNotOlderThan<KubeObject>(port, ref, 'not-a-version'))?.metadata.name).to.equal(
        'forged',
      );
      expect(calls).to.deep.equal([{ rv: 'not-a-version', outcome: '500' }, { outcome: 'found' }]);
      calls.length = 0;
      const started = Date.now();
      expect((await getNotOlderThan<KubeObject>(port, ref, '999999999999'))?.metadata.name).to.equal(
        'forged',
      );
      // How long a forged version holds the read (the server's own wait; ~10 s while the client retried).
      console.log(`      a version beyond the server's held the read ${Date.now() - started} ms`);
      expect(calls).to.deep.equal([{ rv: '999999999999', outcome: '504' }, { outcome: 'found' }]);
      calls.length = 0;
      expect((await getNotOlderThan<KubeObject>(port, ref, undefined))?.metadata.name).to.equal('forged');
      expect(calls).to.deep.equal([{ outcome: 'found' }]);
    });
  });

  it('a second create of the same name is a 409 AlreadyExists KubeError naming the object', async () => {
    await kube.create(task(ns, 'dup'));
    const err = await kube.create(task(ns, 'dup')).catch((e: unknown) => e);
    expect(isAlreadyExists(err)).to.equal(true);
    expect((err as KubeError).code).to.equal(409);
    expect((err as KubeError).message).to.match(
      /^create Task .*\/dup: .*already exists \(409 AlreadyExists\)$/,
    );
  });

  it('replaceStatus with a stale resourceVersion is a 409 Conflict', async () => {
    const created = await kube.create(task(ns, 'status'));
    const first = await kube.replaceStatus({ ...created, status: { phase: 'Waiting', message: 'first' } });
    expect((first.status as { phase: string }).phase).to.equal('Waiting');
    const err = await kube
      .replaceStatus({ ...created, status: { phase: 'Failed' } })
      .catch((e: unknown) => e);
    expect(isConflict(err)).to.equal(true);
    expect((err as KubeError).reason).to.equal('Conflict');
  });

  it('merge-patches a custom resource and its status', async () => {
    await kube.create(task(ns, 'patch'));
    const ref = { ...TASK, namespace: ns, name: 'patch' };
    const patched = await kube.patch<KubeObject>(ref, { metadata: { labels: { stage: 'two' } } });
    expect(patched.metadata.labels).to.deep.equal({ stage: 'two' });
    const withStatus = await kube.patchStatus<KubeObject>(ref, { status: { phase: 'Pending' } });
    expect(withStatus.status).to.deep.include({ phase: 'Pending' });
    const jsonPatched = await kube.patch<KubeObject>(
      ref,
      [{ op: 'replace', path: '/metadata/labels/stage', value: 'three' }],
      'json',
    );
    expect(jsonPatched.metadata.labels).to.deep.equal({ stage: 'three' });
  });

  it('lists with a labelSelector, in one namespace and across all', async () => {
    await kube.create(task(ns, 'sel-a', { pick: 'yes' }));
    await kube.create(task(ns, 'sel-b', { pick: 'no' }));
    const picked = await kube.list<KubeObject>(TASK.apiVersion, 'Task', ns, { labelSelector: 'pick=yes' });
    expect(picked.items.map((i) => i.metadata.name)).to.deep.equal(['sel-a']);
    expect(picked.items[0]).to.deep.include(TASK);
    const all = await kube.list<KubeObject>(TASK.apiVersion, 'Task', undefined, { labelSelector: 'pick' });
    expect(all.items.map((i) => i.metadata.name).sort()).to.deep.equal(['sel-a', 'sel-b']);
  });

  it('reads a list in pages with limit/continue (list-pages.ts): every object once', async () => {
    for (const n of [1, 2, 3, 4, 5]) await kube.create(task(ns, `page-${n}`, { paged: 'yes' }));
    const pages: string[][] = [];
    const target = { apiVersion: TASK.apiVersion, kind: 'Task', namespace: ns };
    for await (const page of listPages(kube, target, { labelSelector: 'paged' }, 2))
      pages.push(page.map((t) => t.metadata.name));
    expect(pages.map((p) => p.length)).to.deep.equal([2, 2, 1]);
    expect(pages.flat().sort()).to.deep.equal(['page-1', 'page-2', 'page-3', 'page-4', 'page-5']);
    const all = await listAll(kube, target, { labelSelector: 'paged' }, 2);
    expect(all.map((t) => t.metadata.name).sort()).to.deep.equal(pages.flat().sort());
  });

  it('works with core kinds and Leases, and delete reports whether the object was there', async () => {
    const secret = await kube.create<KubeObject>({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: ns },
      data: { k: 'dg==' },
    });
    expect(secret.metadata.name).to.equal('s');
    const lease = await kube.create<KubeObject>({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'kelos-branch-0123456789abcdef', namespace: ns },
      spec: { holderIdentity: 'one' },
    });
    const leaseRef = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      namespace: ns,
      name: lease.metadata.name ?? '',
    };
    // A uid precondition that does not match refuses the delete (409).
    const refused = await kube.delete(leaseRef, { uid: 'not-the-uid' }).catch((e: unknown) => e);
    expect((refused as KubeError).code).to.equal(409);
    expect(await kube.delete(leaseRef, { uid: lease.metadata.uid ?? '' })).to.equal(true);
    expect(await kube.delete(leaseRef)).to.equal(false);
  });

  it('podLogs: empty for an unscheduled Pod, a KubeError with its code when no kubelet answers', async () => {
    const pod = (name: string, nodeName?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns },
      spec: { containers: [{ name: 'agent', image: 'busybox' }], ...(nodeName ? { nodeName } : {}) },
    });
    // Not scheduled: the API server answers 200 with no text, without asking any kubelet.
    await kube.create(pod('unscheduled'));
    expect(await kube.podLogs(ns, 'unscheduled', 'agent', 10)).to.equal('');
    // Bound to a node that does not exist: the API server cannot reach a kubelet.
    await kube.create(pod('on-ghost-node', 'ghost-node'));
    const err = await kube.podLogs(ns, 'on-ghost-node', 'agent', 10).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(KubeError);
    // Kubernetes 1.36 answers 404 NotFound here (about the Node, worded as `pods "ghost-node" not found`):
    // a 404 from podLogs does not prove the Pod is gone.
    expect((err as KubeError).code).to.equal(404);
    expect((err as KubeError).message).to.match(/^read logs of Pod .*\/on-ghost-node: /);
    const missing = await kube.podLogs(ns, 'never-created', 'agent').catch((e: unknown) => e);
    expect((missing as KubeError).code).to.equal(404);
  });
});
