/** capture-outputs observes a Pod and parses its termination message once per event. */
import { expect } from 'chai';
import type { Task } from '../../../functions/core/api/types.js';
import type { Stored } from '../../../functions/core/api/kube-types.js';
import type { Pod } from '../../../functions/core/task/pod-types.js';
import { decideCapture } from '../../../functions/capture-outputs/decide.js';
import { LOG_TAIL_LINES, logTailLines } from '../../../functions/capture-outputs/log-tail.js';
import { observe, readBlock } from '../../../functions/capture-outputs/observation.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const S = '---KELOS_OUTPUTS_START---';
const E = '---KELOS_OUTPUTS_END---';

const task: Task = {
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'Task',
  metadata: { name: 't', namespace: 'ns', uid: 'u1', generation: 1 },
  spec: { type: 'claude-code', prompt: 'p', credentials: { type: 'api-key', secretRef: { name: 's' } } },
  status: { phase: 'Running', podName: 't' },
};

const finished = (message: string, exitCode = 0): Stored<Pod> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 't', namespace: 'ns' },
  spec: { containers: [] },
  status: {
    phase: exitCode === 0 ? 'Succeeded' : 'Failed',
    containerStatuses: [{ name: 'claude-code', state: { terminated: { exitCode, message } } }],
  },
});

describe('capture-outputs observation', () => {
  it('parses the termination message once: outputs and block state together', () => {
    expect(readBlock(`${S}\nbranch: b\n${E}`)).to.deep.equal({ outputs: ['branch: b'], state: 'complete' });
    expect(readBlock(`tail of a block\n${E}`)).to.deep.equal({ outputs: undefined, state: 'cut' });
    expect(readBlock('no block')).to.deep.equal({ outputs: undefined, state: 'none' });
    expect(observe(finished('x'), 'claude-code').block).to.deep.equal({ outputs: undefined, state: 'none' });
    const starting = { ...finished('x'), status: { phase: 'Pending' as const } };
    expect(observe(starting, 'claude-code')).to.deep.equal({ pod: starting, view: { state: 'starting' } });
  });

  it('the log-tail choice and the decision read the given observation, not the Pod again', () => {
    const pod = finished(`${S}\nbranch: from-pod\n${E}`);
    // An observation that differs from what the Pod would give proves it is the one used.
    const seen = { pod, view: observe(pod, 'claude-code').view, block: readBlock('no block') };
    expect(logTailLines(task, pod)).to.equal(undefined);
    expect(logTailLines(task, pod, seen)).to.equal(LOG_TAIL_LINES);
    const logs = `${S}\nbranch: from-log\n${E}`;
    const d = decideCapture({ task, pod, now: NOW, logs, seen });
    expect(d.status?.outputs).to.deep.equal(['branch: from-log']);
    expect(decideCapture({ task, pod, now: NOW, logs }).status?.outputs).to.deep.equal(['branch: from-pod']);
  });
});
