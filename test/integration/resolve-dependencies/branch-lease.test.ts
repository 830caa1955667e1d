/** The branch Lease against the real API server: create-to-acquire, ownership, stale takeover, FIFO, release. */
import { expect } from 'chai';
import {
  acquireBranchLease,
  releaseBranchLease,
  type Lease,
} from '../../../functions/core/branch-lock/branch-lease.js';
import { branchLeaseName } from '../../../functions/core/branch-lock/lock-key.js';
import { withPhase } from '../../../functions/core/task/conditions.js';
import { connectKube } from '../../../functions/core/k8s/connect.js';
import type { KubeClient } from '../../../functions/core/k8s/rest-client.js';
import type { TaskObject } from '../../../functions/core/task/objects.js';
import { useCluster, type Cluster } from '../../support/cluster.js';
import { getTask, taskObject } from '../task-lifecycle/lifecycle-harness.js';

describe('branch Lease (integration)', function () {
  this.timeout(30_000);
  let cluster: Cluster;
  let kube: KubeClient;
  let ns: string;
  const now = new Date();

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await cluster.applyCrds();
    kube = await connectKube({ KUBECONFIG: cluster.kubeconfigPath });
  });
  after(() => kube?.close());
  beforeEach(async () => {
    ns = await cluster.newNamespace('lease');
  });

  const create = (name: string, branch = 'feature-1') =>
    kube.create<TaskObject>(taskObject(ns, name, { branch, workspaceRef: { name: 'ws' } }));
  const lease = () =>
    kube.get<Lease>({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      namespace: ns,
      name: branchLeaseName('ws:feature-1'),
    });
  const setStatus = async (name: string, status: TaskObject['status']) => {
    const t = (await getTask(kube, ns, name))!;
    return kube.replaceStatus<TaskObject>({ ...t, status: status! });
  };

  it('acquires by creating a Lease owned by the Task, idempotently; a second Task is told who holds it', async () => {
    const a = await create('a');
    expect(await acquireBranchLease(kube, a, now)).to.deep.equal({ acquired: true });
    expect(await acquireBranchLease(kube, a, now)).to.deep.equal({ acquired: true });
    const l = (await lease())!;
    expect(l.spec?.holderIdentity).to.equal('a');
    expect(l.metadata.annotations?.['kelos.dev/branch-lock-key']).to.equal('ws:feature-1');
    expect(l.metadata.ownerReferences).to.deep.equal([
      {
        apiVersion: 'kelos.dev/v1alpha1',
        kind: 'Task',
        name: 'a',
        uid: a.metadata.uid,
        controller: false,
        blockOwnerDeletion: false,
      },
    ]);
    const b = await create('b');
    expect(await acquireBranchLease(kube, b, now)).to.deep.equal({
      acquired: false,
      holder: 'a',
      message: 'Waiting for branch "feature-1" (locked by a)',
    });
  });

  it('only one of many concurrent acquirers wins', async () => {
    const tasks = await Promise.all(['c1', 'c2', 'c3', 'c4', 'c5'].map((n) => create(n)));
    const results = await Promise.all(tasks.map((t) => acquireBranchLease(kube, t, now)));
    expect(results.filter((r) => r.acquired)).to.have.length(1);
  });

  it('release deletes only the holder Task’s Lease', async () => {
    const a = await create('a');
    const b = await create('b');
    await acquireBranchLease(kube, a, now);
    expect(await releaseBranchLease(kube, b)).to.equal(false);
    expect(await lease()).to.not.equal(undefined);
    expect(await releaseBranchLease(kube, a)).to.equal(true);
    expect(await lease()).to.equal(undefined);
    expect(await acquireBranchLease(kube, b, now)).to.deep.equal({ acquired: true });
  });

  it('takes over a stale Lease whose holder finished or is gone', async () => {
    const a = await create('a');
    await acquireBranchLease(kube, a, now);
    await setStatus('a', withPhase(undefined, 'Succeeded', 'done', now));
    const b = await create('b');
    expect(await acquireBranchLease(kube, b, now)).to.deep.equal({ acquired: true });
    expect((await lease())?.spec?.holderIdentity).to.equal('b');
    await kube.delete({ apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', namespace: ns, name: 'b' });
    const c = await create('c');
    expect(await acquireBranchLease(kube, c, now)).to.deep.equal({ acquired: true });
  });

  it('serves Tasks waiting for the branch first-come first-served (by creation time, not name)', async () => {
    await create('zz-first');
    await setStatus(
      'zz-first',
      withPhase(undefined, 'Waiting', 'Waiting for branch "feature-1" (locked by gone)', now),
    );
    await new Promise((r) => setTimeout(r, 1100)); // creationTimestamp has 1 s resolution
    const second = await create('aa-second');
    expect(await acquireBranchLease(kube, second, now)).to.deep.equal({
      acquired: false,
      holder: 'zz-first',
      message: 'Waiting for branch "feature-1" (queued behind zz-first)',
    });
    const first = (await getTask(kube, ns, 'zz-first'))!;
    expect(await acquireBranchLease(kube, first, now)).to.deep.equal({ acquired: true });
  });
});
