import { expect } from 'chai';
import {
  branchLeaseName,
  branchLockKey,
  isWaitingForBranch,
} from '../../../functions/core/branch-lock/lock-key.js';
import { queuedBehind } from '../../../functions/core/branch-lock/queue.js';
import { makeTask } from '../resolve-dependencies/fixtures.js';

const waitingForBranch = (holder: string) => ({
  phase: 'Waiting' as const,
  message: `Waiting for branch "feature-1" (locked by ${holder})`,
});

describe('branch lock key', () => {
  it('is <workspace>:<branch>, or :<branch> without a workspace, or none without a branch', () => {
    expect(branchLockKey(makeTask('a', { branch: 'feature-1', workspaceRef: { name: 'ws' } }))).to.equal(
      'ws:feature-1',
    );
    expect(branchLockKey(makeTask('a', { branch: 'feature-1' }))).to.equal(':feature-1');
    expect(branchLockKey(makeTask('a'))).to.equal(undefined);
  });

  it('names the Lease from the first 16 hex digits of sha256(key)', () => {
    // `printf 'ws:feature-1' | sha256sum` starts with f3bbfd52363aaf64.
    expect(branchLeaseName('ws:feature-1')).to.equal('kelos-branch-f3bbfd52363aaf64');
    expect(branchLeaseName('ws:feature-1')).to.not.equal(branchLeaseName('other:feature-1'));
    expect(branchLeaseName('a:b')).to.equal(branchLeaseName('a:b'));
  });

  it('recognises a Task waiting for a branch by its status message', () => {
    expect(isWaitingForBranch(makeTask('a', {}, waitingForBranch('x')))).to.equal(true);
    expect(
      isWaitingForBranch(makeTask('a', {}, { phase: 'Waiting', message: 'Waiting for dependency "x"' })),
    ).to.equal(false);
  });
});

describe('queuedBehind (FIFO among Tasks waiting for the branch)', () => {
  const me = makeTask('me', { branch: 'feature-1' }, undefined, '2026-11-25T10:00:05Z');

  it('is first when nobody waits', () => {
    expect(queuedBehind(me, [me])).to.equal(undefined);
  });

  it('queues behind the earliest earlier Task waiting for the same key', () => {
    const early = makeTask('early', { branch: 'feature-1' }, waitingForBranch('h'), '2026-11-25T10:00:01Z');
    const earlier = makeTask(
      'earlier',
      { branch: 'feature-1' },
      waitingForBranch('h'),
      '2026-11-25T10:00:00Z',
    );
    expect(queuedBehind(me, [me, early, earlier])?.metadata.name).to.equal('earlier');
  });

  it('breaks equal creation times by name', () => {
    const sameA = makeTask('aaa', { branch: 'feature-1' }, waitingForBranch('h'), '2026-11-25T10:00:05Z');
    const sameZ = makeTask('zzz', { branch: 'feature-1' }, waitingForBranch('h'), '2026-11-25T10:00:05Z');
    expect(queuedBehind(me, [sameA])?.metadata.name).to.equal('aaa');
    expect(queuedBehind(me, [sameZ])).to.equal(undefined);
  });

  it('ignores later Tasks, other keys, Tasks waiting for something else, admitted Tasks and Tasks with a Pod', () => {
    const later = makeTask('later', { branch: 'feature-1' }, waitingForBranch('h'), '2026-11-25T10:00:09Z');
    const otherWs = makeTask(
      'ws',
      { branch: 'feature-1', workspaceRef: { name: 'w' } },
      waitingForBranch('h'),
      '2026-11-25T10:00:00Z',
    );
    const deps = makeTask(
      'deps',
      { branch: 'feature-1' },
      { phase: 'Waiting', message: 'Waiting for dependency "me"' },
      '2026-11-25T10:00:00Z',
    );
    const admitted = makeTask(
      'adm',
      { branch: 'feature-1' },
      {
        ...waitingForBranch('h'),
        conditions: [
          {
            type: 'Admitted',
            status: 'True',
            reason: 'GatesPassed',
            message: '',
            lastTransitionTime: '2026-11-25T10:00:00Z',
          },
        ],
      },
      '2026-11-25T10:00:00Z',
    );
    const running = makeTask(
      'run',
      { branch: 'feature-1' },
      { ...waitingForBranch('h'), podName: 'run' },
      '2026-11-25T10:00:00Z',
    );
    expect(queuedBehind(me, [later, otherWs, deps, admitted, running])).to.equal(undefined);
  });
});
