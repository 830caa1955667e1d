/** The tombstone rule: when the kelos.dev/task-outcome finalizer may leave an agent Pod, and the patch that takes it off. */
import { expect } from 'chai';
import type { Task } from '../../../functions/core/api/types.js';
import type { Pod } from '../../../functions/core/task/pod-types.js';
import {
  decideTombstone,
  holdsTombstone,
  podTaskUid,
  releasePatch,
} from '../../../functions/core/task/pod-tombstone.js';

const FINALIZER = 'kelos.dev/task-outcome';

function pod(finalizers: string[] | undefined, ownerUid = 'uid-1'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 't',
      namespace: 'ns',
      uid: 'pod-uid',
      resourceVersion: '42',
      ...(finalizers ? { finalizers } : {}),
      ...(ownerUid
        ? {
            ownerReferences: [
              { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', name: 't', uid: ownerUid, controller: true },
            ],
          }
        : {}),
    },
    spec: { containers: [] },
  } as Pod;
}

function task(uid: string, deleting = false): Task {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: {
      name: 't',
      namespace: 'ns',
      uid,
      ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { type: 'claude-code', prompt: 'p', credentials: { type: 'oauth', secretRef: { name: 's' } } },
  } as Task;
}

describe('pod tombstone', () => {
  it('holds only with the finalizer', () => {
    expect(holdsTombstone(pod([FINALIZER]))).to.equal(true);
    expect(holdsTombstone(pod(['other']))).to.equal(false);
    expect(holdsTombstone(pod(undefined))).to.equal(false);
    expect(holdsTombstone(undefined)).to.equal(false);
  });

  it("names the owning Task's uid from the ownerReference", () => {
    expect(podTaskUid(pod([FINALIZER]))).to.equal('uid-1');
    expect(podTaskUid(pod([FINALIZER], ''))).to.equal(undefined);
  });

  const table: [string, Pod, Task | undefined, boolean][] = [
    ['its live Task: kept', pod([FINALIZER]), task('uid-1'), false],
    ['its Task is gone: released', pod([FINALIZER]), undefined, true],
    ['a namesake Task (another uid): released', pod([FINALIZER]), task('uid-2'), true],
    ['its Task is being deleted: released', pod([FINALIZER]), task('uid-1', true), true],
    ['no Task ownerReference: guards nothing, released', pod([FINALIZER], ''), task('uid-1'), true],
    ['no finalizer: nothing to release', pod(['other']), undefined, false],
  ];
  for (const [what, p, t, release] of table) {
    it(what, () => expect(decideTombstone(p, t).release).to.equal(release));
  }

  it('the patch keeps the other finalizers and carries the resourceVersion read', () => {
    expect(releasePatch(pod(['a', FINALIZER, 'b']))).to.deep.equal({
      metadata: { resourceVersion: '42', finalizers: ['a', 'b'] },
    });
    expect(releasePatch(pod([FINALIZER]))).to.deep.equal({
      metadata: { resourceVersion: '42', finalizers: [] },
    });
  });
});
