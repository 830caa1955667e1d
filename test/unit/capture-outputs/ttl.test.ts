import { expect } from 'chai';
import type { Task, TaskStatus } from '../../../functions/core/api/types.js';
import { decideTtl } from '../../../functions/core/task/ttl.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const ago = (s: number): string => new Date(NOW.getTime() - s * 1000).toISOString();

function task(ttl: number | undefined, status: TaskStatus): Task {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: { name: 't', namespace: 'ns' },
    spec: {
      type: 'codex',
      prompt: 'p',
      credentials: { type: 'api-key', secretRef: { name: 's' } },
      ...(ttl !== undefined ? { ttlSecondsAfterFinished: ttl } : {}),
    },
    status,
  };
}

describe('decideTtl', () => {
  const cases: [string, Task, string, number?][] = [
    ['no TTL', task(undefined, { phase: 'Succeeded', completionTime: ago(3600) }), 'none'],
    ['non-terminal (Running)', task(10, { phase: 'Running' }), 'none'],
    ['Pending with TTL', task(0, { phase: 'Pending' }), 'none'],
    ['Succeeded without completionTime', task(10, { phase: 'Succeeded' }), 'none'],
    ['TTL 0, completed', task(0, { phase: 'Succeeded', completionTime: ago(0) }), 'expired'],
    ['expired Succeeded', task(60, { phase: 'Succeeded', completionTime: ago(61) }), 'expired'],
    ['expired Failed', task(60, { phase: 'Failed', completionTime: ago(120) }), 'expired'],
    ['not yet expired', task(60, { phase: 'Succeeded', completionTime: ago(20) }), 'later', 40_000],
    [
      'Failed without completionTime counts from the last transition',
      task(30, {
        phase: 'Failed',
        conditions: [
          { type: 'Succeeded', status: 'False', reason: 'Failed', message: '', lastTransitionTime: ago(45) },
        ],
      }),
      'expired',
    ],
    ['Failed without any time', task(30, { phase: 'Failed' }), 'none'],
  ];
  for (const [name, t, kind, remaining] of cases) {
    it(name, () => {
      const d = decideTtl(t, NOW);
      expect(d.kind).to.equal(kind);
      if (remaining !== undefined && d.kind === 'later') expect(d.remainingMs).to.equal(remaining);
    });
  }
  it('a Task already being deleted is not deleted again', () => {
    const t = task(0, { phase: 'Succeeded', completionTime: ago(10) });
    t.metadata.deletionTimestamp = ago(1);
    expect(decideTtl(t, NOW).kind).to.equal('none');
  });
});
