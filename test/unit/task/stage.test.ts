/** One stage predicate for the hand-over between resolve-dependencies and launch-pod. */
import { expect } from 'chai';
import type { Condition } from '../../../functions/core/api/kube-types.js';
import type { Task } from '../../../functions/core/api/types.js';
import { taskStage } from '../../../functions/core/task/stage.js';
import { skipReason } from '../../../functions/resolve-dependencies/decide.js';
import { decideLaunch } from '../../../functions/launch-pod/decide.js';

const admitted: Condition = {
  type: 'Admitted',
  status: 'True',
  reason: 'GatesPassed',
  message: '',
  lastTransitionTime: '',
};

function task(status: Task['status'], deleting = false): Task {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: {
      name: 't',
      namespace: 'ns',
      ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { type: 'claude-code', prompt: 'p', credentials: { type: 'oauth', secretRef: { name: 's' } } },
    ...(status ? { status } : {}),
  } as Task;
}

const cases: { name: string; task: Task; stage: string; reason?: string }[] = [
  { name: 'new', task: task(undefined), stage: 'gated' },
  { name: 'waiting', task: task({ phase: 'Waiting', message: 'x' }), stage: 'gated' },
  { name: 'admitted', task: task({ conditions: [admitted] }), stage: 'admitted' },
  { name: 'admitted, waiting', task: task({ phase: 'Waiting', conditions: [admitted] }), stage: 'admitted' },
  {
    name: 'admitted, Pending (Pod being created or starting)',
    task: task({ phase: 'Pending', conditions: [admitted] }),
    stage: 'admitted',
  },
  {
    name: 'Pending, not admitted',
    task: task({ phase: 'Pending' }),
    stage: 'settled',
    reason: 'phase is Pending',
  },
  {
    name: 'Pending with its Pod recorded',
    task: task({ phase: 'Pending', podName: 't', conditions: [admitted] }),
    stage: 'settled',
    reason: 'already has Pod t',
  },
  {
    name: 'has a Pod',
    task: task({ podName: 'p', conditions: [admitted] }),
    stage: 'settled',
    reason: 'already has Pod p',
  },
  { name: 'running', task: task({ phase: 'Running' }), stage: 'settled', reason: 'phase is Running' },
  { name: 'failed by a gate', task: task({ phase: 'Failed' }), stage: 'settled', reason: 'phase is Failed' },
  {
    name: 'being deleted',
    task: task({ conditions: [admitted] }, true),
    stage: 'settled',
    reason: 'being deleted',
  },
];

describe('taskStage', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.stage}`, () => {
      const at = taskStage(c.task);
      expect(at.stage).to.equal(c.stage);
      if (c.reason) expect(at).to.deep.equal({ stage: 'settled', reason: c.reason });
    });
  }

  it('resolve-dependencies decides exactly the gated Tasks, launch-pod launches exactly the admitted ones', () => {
    for (const c of cases) {
      expect(skipReason(c.task) === undefined, c.name).to.equal(c.stage === 'gated');
      expect(decideLaunch(c.task).launch, c.name).to.equal(c.stage === 'admitted');
    }
  });
});
