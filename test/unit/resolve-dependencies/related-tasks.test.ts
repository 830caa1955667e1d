import { expect } from 'chai';
import { findCycle } from '../../../functions/resolve-dependencies/find-cycle.js';
import { relatedTasks } from '../../../functions/resolve-dependencies/related-tasks.js';
import { makeTask } from './fixtures.js';

describe('findCycle', () => {
  const index = (...tasks: ReturnType<typeof makeTask>[]) => new Map(tasks.map((t) => [t.metadata.name, t]));

  it('finds no cycle in a chain or a diamond, and stops at missing Tasks', () => {
    const a = makeTask('a');
    const b = makeTask('b', { dependsOn: ['a'] });
    const c = makeTask('c', { dependsOn: ['a', 'b', 'missing'] });
    const d = makeTask('d', { dependsOn: ['b', 'c'] });
    expect(findCycle(d, index(a, b, c, d))).to.equal(undefined);
  });

  it('reports the Task revisited on the current path', () => {
    const a = makeTask('a', { dependsOn: ['b'] });
    const b = makeTask('b', { dependsOn: ['c'] });
    const c = makeTask('c', { dependsOn: ['b'] });
    expect(findCycle(a, index(a, b, c))).to.equal('b');
    expect(findCycle(makeTask('s', { dependsOn: ['s'] }), index())).to.equal('s');
  });
});

describe('relatedTasks', () => {
  const finished = makeTask('a', { branch: 'feature-1' }, { phase: 'Succeeded' });

  it('returns dependents and Tasks waiting for the same branch', () => {
    const dependent = makeTask('dep', { dependsOn: ['a'] });
    const sameBranch = makeTask(
      'same',
      { branch: 'feature-1' },
      { phase: 'Waiting', message: 'Waiting for branch "feature-1" (locked by a)' },
    );
    const otherBranch = makeTask(
      'other',
      { branch: 'feature-2' },
      { phase: 'Waiting', message: 'Waiting for branch "feature-2" (locked by z)' },
    );
    const unrelated = makeTask('free');
    const names = relatedTasks('a', finished, [finished, dependent, sameBranch, otherBranch, unrelated]).map(
      (t) => t.metadata.name,
    );
    expect(names).to.deep.equal(['dep', 'same']);
  });

  it('finds branch waiters by their message when the Task is gone', () => {
    const behind = makeTask(
      'behind',
      { branch: 'x' },
      { phase: 'Waiting', message: 'Waiting for branch "x" (queued behind a)' },
    );
    const locked = makeTask(
      'locked',
      { branch: 'x' },
      { phase: 'Waiting', message: 'Waiting for branch "x" (locked by a)' },
    );
    const lockedByAb = makeTask(
      'ab',
      { branch: 'x' },
      { phase: 'Waiting', message: 'Waiting for branch "x" (locked by ab)' },
    );
    // Both wait for branch x; only the first in line (same creation time: by name) is woken.
    expect(
      relatedTasks('a', undefined, [locked, behind, lockedByAb]).map((t) => t.metadata.name),
    ).to.deep.equal(['behind']);
  });

  it('wakes only the first waiter of each branch, skipping one being deleted, and every dependent', () => {
    const waiter = (name: string, created: string, extra: { deleting?: boolean } = {}) => {
      const t = makeTask(
        name,
        { branch: 'feature-1' },
        { phase: 'Waiting', message: 'Waiting for branch "feature-1" (queued behind w1)' },
      );
      t.metadata.creationTimestamp = created;
      if (extra.deleting) t.metadata.deletionTimestamp = '2026-01-01T00:10:00Z';
      return t;
    };
    const w1 = waiter('w1', '2026-01-01T00:00:01Z', { deleting: true });
    const w2 = waiter('w2', '2026-01-01T00:00:02Z');
    const w3 = waiter('w3', '2026-01-01T00:00:03Z');
    const w0 = waiter('w0', '2026-01-01T00:00:04Z');
    const dependent = makeTask('dep', { dependsOn: ['a'] });
    const names = relatedTasks('a', finished, [w3, w0, w1, dependent, w2]).map((t) => t.metadata.name);
    expect(names).to.deep.equal(['dep', 'w2']);
  });
});
