import { expect } from 'chai';
import type { Task, TaskStatus } from '../../../functions/core/api/types.js';
import type { Stored } from '../../../functions/core/api/kube-types.js';
import type { ContainerStatus, Pod, PodStatus } from '../../../functions/core/task/pod-types.js';
import { decideCapture, OUTPUTS_LOST } from '../../../functions/capture-outputs/decide.js';
import {
  blockState,
  CUT_BLOCK_LOG_TAIL_LINES,
  LOG_TAIL_LINES,
  logTailLines,
} from '../../../functions/capture-outputs/log-tail.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const S = '---KELOS_OUTPUTS_START---';
const E = '---KELOS_OUTPUTS_END---';

function task(status: TaskStatus = {}, extra: Partial<Task['metadata']> = {}): Task {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: { name: 't', namespace: 'ns', uid: 'u1', generation: 1, ...extra },
    spec: { type: 'claude-code', prompt: 'p', credentials: { type: 'api-key', secretRef: { name: 's' } } },
    status,
  };
}

function pod(status: PodStatus, extra: Partial<Pod['metadata']> = {}): Stored<Pod> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 't', namespace: 'ns', ...extra },
    spec: { containers: [] },
    status,
  };
}

const agent = (state: NonNullable<ContainerStatus['state']>): ContainerStatus => ({
  name: 'claude-code',
  state,
});
const pending: TaskStatus = { phase: 'Pending', podName: 't', message: 'Waiting for branch "b"' };
const running: TaskStatus = { phase: 'Running', podName: 't', startTime: '2026-11-25T11:59:00Z' };

describe('decideCapture', () => {
  it('Pod starting, Task Pending with podName: nothing to do', () => {
    expect(decideCapture({ task: task(pending), pod: pod({ phase: 'Pending' }), now: NOW })).to.deep.equal(
      {},
    );
  });

  describe('admitted Task (Pending, no podName: admission wrote it, launch-pod writes nothing)', () => {
    const admitted: TaskStatus = { phase: 'Pending', message: 'Waiting for branch "b"' };
    it('Pod starting: nothing to write (the name waits for a write with something to say)', () => {
      const starting = pod({
        phase: 'Pending',
        initContainerStatuses: [{ name: 'git-clone', state: { running: {} } }],
        containerStatuses: [agent({ waiting: { reason: 'PodInitializing' } })],
      });
      expect(decideCapture({ task: task(admitted), pod: pod({ phase: 'Pending' }), now: NOW })).to.deep.equal(
        {},
      );
      expect(decideCapture({ task: task(admitted), pod: starting, now: NOW })).to.deep.equal({});
    });
    it('no Pod yet: nothing (launch-pod creates it)', () => {
      expect(decideCapture({ task: task(admitted), pod: undefined, now: NOW })).to.deep.equal({});
    });
    it('agent running: Running with podName', () => {
      const d = decideCapture({
        task: task(admitted),
        pod: pod({ phase: 'Running', containerStatuses: [agent({ running: {} })] }),
        now: NOW,
      });
      expect(d.status).to.include({ phase: 'Running', podName: 't' });
      expect(d.event).to.equal('running');
    });
    it('Pod being deleted: Failed with podName', () => {
      const d = decideCapture({
        task: task(admitted),
        pod: pod({ phase: 'Pending' }, { deletionTimestamp: NOW.toISOString() }),
        now: NOW,
      });
      expect(d.status).to.include({
        phase: 'Failed',
        podName: 't',
        message: 'Pod t was deleted before the agent finished',
      });
    });
    it('image cannot be pulled: Pending with the message, the condition and podName', () => {
      const d = decideCapture({
        task: task(admitted),
        pod: pod({
          phase: 'Pending',
          containerStatuses: [agent({ waiting: { reason: 'ImagePullBackOff', message: 'no such image' } })],
        }),
        now: NOW,
      });
      expect(d.status).to.include({ phase: 'Pending', podName: 't' });
      expect(d.status?.conditions?.find((c) => c.type === 'ImagePullFailing')?.status).to.equal('True');
    });
    it('finished: Succeeded with podName', () => {
      const d = decideCapture({
        task: task(admitted),
        pod: pod({ phase: 'Succeeded', containerStatuses: [agent({ terminated: { exitCode: 0 } })] }),
        now: NOW,
        logs: '',
      });
      expect(d.status).to.include({ phase: 'Succeeded', podName: 't' });
    });
  });

  it('Pod exists, Task admitted by an older version (no phase, no podName): Pending + podName, message kept', () => {
    const d = decideCapture({ task: task({ message: 'old' }), pod: pod({ phase: 'Pending' }), now: NOW });
    expect(d.status?.phase).to.equal('Pending');
    expect(d.status?.podName).to.equal('t');
    expect(d.status?.message).to.equal('old');
    expect(d.event).to.equal(undefined);
  });

  it('agent running: Running, startTime now, message cleared, running event', () => {
    const d = decideCapture({
      task: task(pending),
      pod: pod({ phase: 'Running', containerStatuses: [agent({ running: {} })] }),
      now: NOW,
    });
    expect(d.status).to.include({
      phase: 'Running',
      message: '',
      startTime: NOW.toISOString(),
      podName: 't',
    });
    expect(d.status?.conditions?.find((c) => c.type === 'Ready')?.status).to.equal('True');
    expect(d.event).to.equal('running');
  });

  it('already Running: nothing', () => {
    expect(
      decideCapture({
        task: task(running),
        pod: pod({ phase: 'Running', containerStatuses: [agent({ running: {} })] }),
        now: NOW,
      }),
    ).to.deep.equal({});
  });

  it('init containers running (agent waiting): stays Pending', () => {
    const p = pod({
      phase: 'Pending',
      initContainerStatuses: [{ name: 'git-clone', state: { running: {} } }],
      containerStatuses: [agent({ waiting: { reason: 'PodInitializing' } })],
    });
    expect(decideCapture({ task: task(pending), pod: p, now: NOW })).to.deep.equal({});
  });

  it('exit 0 with outputs in the termination message: Succeeded with outputs, results, usage', () => {
    const message = `${S}\nbranch: feature\npr: https://github.com/o/r/pull/1\ncost-usd: 0.5\ninput-tokens: 10\noutput-tokens: 20\n${E}\n`;
    const p = pod({
      phase: 'Succeeded',
      containerStatuses: [agent({ terminated: { exitCode: 0, message } })],
    });
    const d = decideCapture({ task: task(running), pod: p, now: NOW });
    expect(d.terminal).to.equal('Succeeded');
    expect(d.event).to.equal('succeeded');
    expect(d.status).to.include({
      phase: 'Succeeded',
      message: 'Task completed successfully',
      completionTime: NOW.toISOString(),
    });
    expect(d.status?.outputs).to.deep.equal([
      'branch: feature',
      'pr: https://github.com/o/r/pull/1',
      'cost-usd: 0.5',
      'input-tokens: 10',
      'output-tokens: 20',
    ]);
    expect(d.status?.results).to.deep.equal({
      branch: 'feature',
      pr: 'https://github.com/o/r/pull/1',
      'cost-usd': '0.5',
      'input-tokens': '10',
      'output-tokens': '20',
    });
    expect(d.status?.usage).to.deep.equal({ inputTokens: 10, outputTokens: 20, costUSD: '0.5' });
    expect(d.status?.conditions?.find((c) => c.type === 'Succeeded')?.status).to.equal('True');
  });

  it('exit 0, no termination message: outputs from the log tail', () => {
    const p = pod({ phase: 'Succeeded', containerStatuses: [agent({ terminated: { exitCode: 0 } })] });
    const t = task(running);
    expect(logTailLines(t, p)).to.equal(LOG_TAIL_LINES);
    const d = decideCapture({ task: t, pod: p, now: NOW, logs: `noise\n${S}\nbranch: x\n${E}` });
    expect(d.status?.results).to.deep.equal({ branch: 'x' });
  });

  it('termination message with outputs: no log read needed', () => {
    const p = pod({
      phase: 'Succeeded',
      containerStatuses: [agent({ terminated: { exitCode: 0, message: `${S}\nbranch: x\n${E}` } })],
    });
    expect(logTailLines(task(running), p)).to.equal(undefined);
  });

  describe('a block cut by the kubelet (it keeps the last 4096 bytes of the termination message)', () => {
    const lines = ['branch: feature', ...Array.from({ length: 200 }, (_, i) => `r${i}: ${'v'.repeat(30)}`)];
    const full = `${S}\n${lines.join('\n')}\n${E}\n`;
    const cut = Buffer.from(full).subarray(-4096).toString('utf8');
    const done = (message: string, exitCode = 0) =>
      pod({ phase: 'Succeeded', containerStatuses: [agent({ terminated: { exitCode, message } })] });

    it('is recognised: end marker without start, or a full 4096 bytes without start', () => {
      expect(blockState(cut)).to.equal('cut');
      expect(blockState(`${'x'.repeat(4096)}`)).to.equal('cut');
      expect(blockState(`${S}\nbranch: x\n${E}\n`)).to.equal('complete');
      expect(blockState('')).to.equal('none');
      expect(blockState('Invalid API key')).to.equal('none');
    });

    it('reads the log further back, and takes the whole block from it', () => {
      const p = done(cut);
      expect(logTailLines(task(running), p)).to.equal(CUT_BLOCK_LOG_TAIL_LINES);
      const d = decideCapture({ task: task(running), pod: p, now: NOW, logs: `agent output\n${full}` });
      expect(d.status?.phase).to.equal('Succeeded');
      expect(d.status?.message).to.equal('Task completed successfully');
      expect(d.status?.outputs).to.deep.equal(lines);
      expect(d.status?.results?.['branch']).to.equal('feature');
      expect(d.status?.results?.['r199']).to.equal('v'.repeat(30));
    });

    it('neither the message nor the log has a whole block: the Task says the outputs were lost', () => {
      const d = decideCapture({ task: task(running), pod: done(cut), now: NOW, logs: cut });
      expect(d.status?.phase).to.equal('Succeeded');
      expect(d.status?.message).to.equal(`Task completed successfully${OUTPUTS_LOST}`);
      expect(d.status).to.not.have.property('outputs');
    });
  });

  it('exit 0 with no outputs anywhere: Succeeded without outputs', () => {
    const p = pod({ phase: 'Succeeded', containerStatuses: [agent({ terminated: { exitCode: 0 } })] });
    const d = decideCapture({ task: task(running), pod: p, now: NOW, logs: '' });
    expect(d.status?.phase).to.equal('Succeeded');
    expect(d.status).to.not.have.property('outputs');
    expect(d.status).to.not.have.property('results');
  });

  it('non-zero exit: Failed with the exit code (no log read), outputs still captured', () => {
    const p = pod({
      phase: 'Failed',
      containerStatuses: [agent({ terminated: { exitCode: 1, message: `${S}\ncommit: abc\n${E}` } })],
    });
    const d = decideCapture({ task: task(running), pod: p, now: NOW });
    expect(d.status).to.include({
      phase: 'Failed',
      message: 'Task failed: agent container claude-code exited with code 1',
    });
    expect(d.status?.results).to.deep.equal({ commit: 'abc' });
    expect(d.event).to.equal('failed');
    expect(d.terminal).to.equal('Failed');
  });

  it('Pod DeadlineExceeded: Failed with a message naming the deadline', () => {
    const p = pod({
      phase: 'Failed',
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
    });
    const d = decideCapture({ task: task(running), pod: p, now: NOW, logs: '' });
    expect(d.status?.phase).to.equal('Failed');
    expect(d.status?.message).to.equal('Task failed: Pod t exceeded its active deadline (DeadlineExceeded)');
  });

  it('deadline kill: the Pod reason wins over the killed agent exit code, outputs still read', () => {
    const p = pod({
      phase: 'Failed',
      reason: 'DeadlineExceeded',
      containerStatuses: [
        agent({ terminated: { exitCode: 137, reason: 'Error', message: `${S}\nbranch: partial\n${E}` } }),
      ],
    });
    const d = decideCapture({ task: task(running), pod: p, now: NOW });
    expect(d.status?.message).to.equal('Task failed: Pod t exceeded its active deadline (DeadlineExceeded)');
    expect(d.status?.results).to.deep.equal({ branch: 'partial' });
  });

  it('a Pod failed for another reason says why', () => {
    const d = decideCapture({
      task: task(pending),
      pod: pod({ phase: 'Failed', reason: 'NodeLost', message: 'node gone' }),
      now: NOW,
      logs: '',
    });
    expect(d.status?.message).to.equal('Task failed: NodeLost (node gone)');
  });

  it('Pod evicted: Failed "Pod <name> was evicted: <reason>"', () => {
    const p = pod({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' });
    const d = decideCapture({ task: task(running), pod: p, now: NOW, logs: '' });
    expect(d.status?.message).to.equal('Pod t was evicted: The node was low on resource: memory.');
  });

  it('init container failed: Failed naming it and its exit code', () => {
    const p = pod({
      phase: 'Failed',
      initContainerStatuses: [{ name: 'git-clone', state: { terminated: { exitCode: 128 } } }],
    });
    const d = decideCapture({ task: task(pending), pod: p, now: NOW, logs: '' });
    expect(d.status?.message).to.equal('Task failed: init container git-clone exited with code 128');
  });

  it('Pod gone under a Running Task: Failed "Pod <name> was deleted before the agent finished"', () => {
    const d = decideCapture({ task: task(running), pod: undefined, now: NOW });
    expect(d.status).to.include({ phase: 'Failed', message: 'Pod t was deleted before the agent finished' });
    expect(d.terminal).to.equal('Failed');
  });

  it('Pod being deleted under a Pending Task: Failed too', () => {
    const d = decideCapture({
      task: task(pending),
      pod: pod({ phase: 'Pending' }, { deletionTimestamp: NOW.toISOString() }),
      now: NOW,
    });
    expect(d.status?.message).to.equal('Pod t was deleted before the agent finished');
  });

  it('no Pod and none recorded (not launched yet): nothing', () => {
    expect(decideCapture({ task: task({ phase: 'Waiting' }), pod: undefined, now: NOW })).to.deep.equal({});
    expect(decideCapture({ task: task({}), pod: undefined, now: NOW })).to.deep.equal({});
  });

  it('finished Tasks are never changed again', () => {
    for (const phase of ['Succeeded', 'Failed'] as const) {
      const p = pod({ phase: 'Running', containerStatuses: [agent({ running: {} })] });
      expect(decideCapture({ task: task({ phase, podName: 't' }), pod: p, now: NOW })).to.deep.equal({});
      expect(decideCapture({ task: task({ phase, podName: 't' }), pod: undefined, now: NOW })).to.deep.equal(
        {},
      );
    }
  });

  it('a Task being deleted is left alone', () => {
    expect(
      decideCapture({
        task: task(running, { deletionTimestamp: NOW.toISOString() }),
        pod: undefined,
        now: NOW,
      }),
    ).to.deep.equal({});
  });

  it('straight from Pending to terminated: startTime taken from the container', () => {
    const p = pod({
      phase: 'Succeeded',
      containerStatuses: [agent({ terminated: { exitCode: 0, startedAt: '2026-11-25T11:58:00Z' } })],
    });
    const d = decideCapture({ task: task(pending), pod: p, now: NOW, logs: '' });
    expect(d.status?.startTime).to.equal('2026-11-25T11:58:00Z');
  });

  it('other containers terminating does not finish the Task', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        { name: 'sidecar', state: { terminated: { exitCode: 0 } } },
        agent({ running: {} }),
      ],
    });
    expect(decideCapture({ task: task(running), pod: p, now: NOW })).to.deep.equal({});
  });
});
