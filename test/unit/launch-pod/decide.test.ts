import { expect } from 'chai';
import type { Condition } from '../../../functions/core/api/kube-types.js';
import type { Task, TaskStatus } from '../../../functions/core/api/types.js';
import { decideLaunch } from '../../../functions/launch-pod/decide.js';
import { failedStatus } from '../../../functions/launch-pod/task-status.js';
import { makeTask } from './fixtures.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const admitted: Condition = {
  type: 'Admitted',
  status: 'True',
  reason: 'GatesPassed',
  message: '',
  lastTransitionTime: NOW.toISOString(),
};

function withStatus(status: TaskStatus, deleting = false): Task {
  const t = makeTask();
  t.status = status;
  if (deleting) t.metadata.deletionTimestamp = NOW.toISOString();
  return t;
}

describe('decideLaunch', () => {
  const cases: [string, Task, boolean][] = [
    ['admitted, no phase', withStatus({ conditions: [admitted] }), true],
    ['admitted, Waiting (gates just passed)', withStatus({ phase: 'Waiting', conditions: [admitted] }), true],
    ['not admitted', withStatus({}), false],
    ['Admitted=False', withStatus({ conditions: [{ ...admitted, status: 'False' }] }), false],
    ['already has a Pod', withStatus({ podName: 'x', conditions: [admitted] }), false],
    [
      'admitted, Pending (admission wrote it; Pod not recorded)',
      withStatus({ phase: 'Pending', conditions: [admitted] }),
      true,
    ],
    [
      'Pending with its Pod recorded',
      withStatus({ phase: 'Pending', podName: 'x', conditions: [admitted] }),
      false,
    ],
    ['Pending, not admitted', withStatus({ phase: 'Pending' }), false],
    ['Running', withStatus({ phase: 'Running', conditions: [admitted] }), false],
    ['Failed', withStatus({ phase: 'Failed', conditions: [admitted] }), false],
    ['Succeeded', withStatus({ phase: 'Succeeded', conditions: [admitted] }), false],
    ['being deleted', withStatus({ conditions: [admitted] }, true), false],
  ];
  for (const [name, task, launch] of cases)
    it(name, () => expect(decideLaunch(task).launch).to.equal(launch));
});

describe('launch-pod status changes', () => {
  it('Failed carries the message and a completionTime', () => {
    const s = failedStatus(
      withStatus({ conditions: [admitted] }),
      'Failed to build Pod: unsupported agent type: x',
      NOW,
    )!;
    expect(s).to.include({
      phase: 'Failed',
      message: 'Failed to build Pod: unsupported agent type: x',
      completionTime: NOW.toISOString(),
    });
    expect(s.conditions?.find((c) => c.type === 'Succeeded')?.status).to.equal('False');
  });
  it('Failed is written over an admitted Pending Task with no Pod recorded', () => {
    const s = failedStatus(withStatus({ phase: 'Pending', message: '', conditions: [admitted] }), 'x', NOW);
    expect(s).to.include({ phase: 'Failed', message: 'x' });
  });
  it('Failed never overwrites a Task that has a Pod or finished', () => {
    expect(failedStatus(withStatus({ podName: 'p' }), 'x', NOW)).to.equal(undefined);
    expect(failedStatus(withStatus({ phase: 'Succeeded' }), 'x', NOW)).to.equal(undefined);
  });
});
