/** capture-outputs' resync sweep: what it passes over from the listed Task and Pod alone (pure). */
import { expect } from 'chai';
import type { Stored } from '../../../functions/core/api/kube-types.js';
import type { Task, TaskStatus } from '../../../functions/core/api/types.js';
import type { Pod, PodStatus } from '../../../functions/core/task/pod-types.js';
import { sweepSkip } from '../../../functions/capture-outputs/sweep-skip.js';

const NOW = new Date('2026-12-04T04:10:00Z');
const config = { imagePullTimeoutMs: 300_000, sweepMinAgeMs: 30_000 };
const OLD = '2026-12-04T04:00:00Z';
const YOUNG = '2026-12-04T04:09:50Z';

function task(status: TaskStatus): Stored<Task> {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: { name: 't', namespace: 'ns', uid: 'u1', generation: 1, creationTimestamp: OLD },
    spec: { type: 'claude-code', prompt: 'p', credentials: { type: 'api-key', secretRef: { name: 's' } } },
    status,
  };
}

function pod(status: PodStatus, writtenAt: string, ownerUid = 'u1'): Stored<Pod> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 't',
      namespace: 'ns',
      creationTimestamp: OLD,
      ownerReferences: [{ apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', name: 't', uid: ownerUid }],
      managedFields: [{ time: OLD }, { time: writtenAt }],
    },
    spec: { containers: [] },
    status,
  };
}

const admitted: TaskStatus = { phase: 'Pending', message: '' };
const runningPod: PodStatus = {
  phase: 'Running',
  containerStatuses: [{ name: 'claude-code', state: { running: { startedAt: OLD } } }],
};

describe('capture-outputs sweepSkip', () => {
  it('idle: an admitted Task whose Pod no kubelet reported on (the burst: one GET per Task per tick before)', () => {
    expect(sweepSkip(task(admitted), pod({ phase: 'Pending' }, OLD), NOW, config)).to.equal('idle');
    expect(sweepSkip(task(admitted), pod({ phase: 'Pending' }, YOUNG), NOW, config)).to.equal('idle');
  });

  it('idle: a Running Task whose Pod still runs', () => {
    const status: TaskStatus = { phase: 'Running', podName: 't', startTime: OLD };
    expect(sweepSkip(task(status), pod(runningPod, OLD), NOW, config)).to.equal('idle');
  });

  it('something to write, Pod written long ago: captured now (its event was lost)', () => {
    expect(sweepSkip(task(admitted), pod(runningPod, OLD), NOW, config)).to.equal(undefined);
  });

  it('something to write, Pod written less than the minimum age ago: left to the Pod event in flight', () => {
    expect(sweepSkip(task(admitted), pod(runningPod, YOUNG), NOW, config)).to.equal('in-flight');
    expect(sweepSkip(task(admitted), pod(runningPod, YOUNG), NOW, { ...config, sweepMinAgeMs: 0 })).to.equal(
      undefined,
    );
  });

  it('a finished Pod is always something to write (its outputs and logs are read by the capture itself)', () => {
    const done: PodStatus = {
      phase: 'Succeeded',
      containerStatuses: [
        { name: 'claude-code', state: { terminated: { exitCode: 0, startedAt: OLD, finishedAt: OLD } } },
      ],
    };
    expect(sweepSkip(task({ phase: 'Running', podName: 't' }), pod(done, OLD), NOW, config)).to.equal(
      undefined,
    );
  });

  it("a namesake's Pod (another Task's uid) is decided as no Pod: a recorded Pod that is gone fails the Task", () => {
    expect(sweepSkip(task(admitted), pod(runningPod, OLD, 'other'), NOW, config)).to.equal('idle');
    const recorded: TaskStatus = { phase: 'Running', podName: 't' };
    expect(sweepSkip(task(recorded), pod(runningPod, OLD, 'other'), NOW, config)).to.equal(undefined);
  });
});
