/** The branch_locker cases of KELOS-BEHAVIOUR §8.7, on the Lease-based lock (in-memory API with real semantics). */
import { expect } from 'chai';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import type { Task } from '../../../functions/core/api/types.js';
import {
  acquireBranchLease,
  releaseBranchLease,
  type Lease,
} from '../../../functions/core/branch-lock/branch-lease.js';
import { branchLeaseName } from '../../../functions/core/branch-lock/lock-key.js';
import { makeTask } from '../resolve-dependencies/fixtures.js';
import { memoryKube } from '../resolve-dependencies/memory-kube.js';

const now = new Date('2026-11-25T12:00:00.123Z');

function world(...tasks: Task[]) {
  const kube = memoryKube(tasks as unknown as KubeObject[]);
  const stored = async (name: string) =>
    (await kube.get<Task & KubeObject>({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      namespace: 'ns',
      name,
    }))!;
  const lease = (key: string) =>
    kube.get<Lease>({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      namespace: 'ns',
      name: branchLeaseName(key),
    });
  return { kube, stored, lease };
}

describe('branch Lease (acquire / release)', () => {
  it('TryAcquireAndRelease: acquire, re-acquire by the holder, others blocked naming the holder, release frees', async () => {
    const { kube, stored, lease } = world(makeTask('a', { branch: 'b1' }), makeTask('b', { branch: 'b1' }));
    const a = await stored('a');
    const b = await stored('b');
    expect(await acquireBranchLease(kube, a, now)).to.deep.equal({ acquired: true });
    expect(await acquireBranchLease(kube, a, now)).to.deep.equal({ acquired: true });
    expect(await acquireBranchLease(kube, b, now)).to.deep.equal({
      acquired: false,
      holder: 'a',
      message: 'Waiting for branch "b1" (locked by a)',
    });
    expect((await lease(':b1'))?.spec).to.deep.equal({
      holderIdentity: 'a',
      acquireTime: '2026-11-25T12:00:00.123000Z',
    });
    expect(await releaseBranchLease(kube, a)).to.equal(true);
    expect(await acquireBranchLease(kube, b, now)).to.deep.equal({ acquired: true });
  });

  it('DifferentKeysIndependent: other branches and other workspaces do not block', async () => {
    const { kube, stored } = world(
      makeTask('a', { branch: 'b1', workspaceRef: { name: 'w1' } }),
      makeTask('b', { branch: 'b2', workspaceRef: { name: 'w1' } }),
      makeTask('c', { branch: 'b1', workspaceRef: { name: 'w2' } }),
    );
    for (const name of ['a', 'b', 'c'])
      expect(await acquireBranchLease(kube, await stored(name), now), name).to.deep.equal({ acquired: true });
  });

  it('ReleaseWrongTask: a non-holder release is a no-op', async () => {
    const { kube, stored, lease } = world(makeTask('a', { branch: 'b1' }), makeTask('b', { branch: 'b1' }));
    await acquireBranchLease(kube, await stored('a'), now);
    expect(await releaseBranchLease(kube, await stored('b'))).to.equal(false);
    expect((await lease(':b1'))?.spec?.holderIdentity).to.equal('a');
  });

  it('ReleaseUnheldKey: releasing a free lock, or a Task without a branch, does nothing', async () => {
    const { kube, stored } = world(makeTask('a', { branch: 'b1' }), makeTask('nobranch'));
    expect(await releaseBranchLease(kube, await stored('a'))).to.equal(false);
    expect(await releaseBranchLease(kube, await stored('nobranch'))).to.equal(false);
    expect(await acquireBranchLease(kube, await stored('nobranch'), now)).to.deep.equal({ acquired: true });
  });

  it('takes over a Lease whose holder finished, was deleted, or was re-created under the same name', async () => {
    const { kube, stored, lease } = world(makeTask('a', { branch: 'b1' }), makeTask('b', { branch: 'b1' }));
    const a = await stored('a');
    await acquireBranchLease(kube, a, now);
    await kube.replaceStatus({ ...a, status: { phase: 'Failed' } });
    expect(await acquireBranchLease(kube, await stored('b'), now)).to.deep.equal({ acquired: true });
    const held = (await lease(':b1'))!;
    expect(held.metadata.ownerReferences?.[0]).to.include({
      kind: 'Task',
      name: 'b',
      controller: false,
      blockOwnerDeletion: false,
    });
    // Same name, new object: the old Lease (owner uid of the old one) no longer counts as held by it.
    await kube.delete({ apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', namespace: 'ns', name: 'b' });
    const again = makeTask('b', { branch: 'b1' });
    again.metadata.uid = 'uid-b-recreated';
    await kube.create(again as unknown as KubeObject);
    const reborn = await stored('b');
    expect(await acquireBranchLease(kube, reborn, now)).to.deep.equal({ acquired: true });
    expect((await lease(':b1'))?.metadata.ownerReferences?.[0]?.uid).to.equal('uid-b-recreated');
  });
});
