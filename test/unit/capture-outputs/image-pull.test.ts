import { expect } from 'chai';
import { decideCapture, DEFAULT_IMAGE_PULL_TIMEOUT_MS } from '../../../functions/capture-outputs/decide.js';
import { formatDuration, imagePullProblem } from '../../../functions/capture-outputs/image-pull.js';
import type { Task, TaskStatus } from '../../../functions/core/api/types.js';
import type { Stored } from '../../../functions/core/api/kube-types.js';
import type { ContainerStatus, Pod } from '../../../functions/core/task/pod-types.js';

const T0 = new Date('2026-11-25T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const task = (status: TaskStatus): Task => ({
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'Task',
  metadata: { name: 't', namespace: 'ns', uid: 'u1', generation: 1 },
  spec: { type: 'claude-code', prompt: 'p', credentials: { type: 'api-key', secretRef: { name: 's' } } },
  status,
});

const waiting = (name: string, reason: string, message = ''): ContainerStatus => ({
  name,
  state: { waiting: { reason, message } },
});

function pod(statuses: { init?: ContainerStatus[]; main?: ContainerStatus[] }): Stored<Pod> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 't', namespace: 'ns' },
    spec: {
      initContainers: [{ name: 'git-clone', image: 'alpine/git:v2.47.2' }],
      containers: [{ name: 'claude-code', image: 'kelos/claude-code:dev' }],
    },
    status: {
      phase: 'Pending',
      ...(statuses.init ? { initContainerStatuses: statuses.init } : {}),
      ...(statuses.main ? { containerStatuses: statuses.main } : {}),
    },
  };
}

const pending: TaskStatus = { phase: 'Pending', podName: 't', message: '' };
const MSG =
  'Cannot pull image "kelos/claude-code:dev" for container claude-code: ErrImagePull (pull access denied)';

describe('image pull failures: said on the Task, failed after a bounded time', () => {
  for (const reason of ['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName']) {
    it(`${reason} is recognised`, () => {
      expect(imagePullProblem(pod({ main: [waiting('claude-code', reason)] }))?.reason).to.equal(reason);
    });
  }

  it('other waiting reasons are not', () => {
    for (const reason of ['ContainerCreating', 'PodInitializing', 'CreateContainerConfigError'])
      expect(imagePullProblem(pod({ main: [waiting('claude-code', reason)] }))).to.equal(undefined);
  });

  it('an init container image is found too, with its image from the spec', () => {
    expect(
      imagePullProblem(pod({ init: [waiting('git-clone', 'ImagePullBackOff', 'Back-off')] })),
    ).to.deep.equal({
      container: 'git-clone',
      image: 'alpine/git:v2.47.2',
      reason: 'ImagePullBackOff',
      detail: 'Back-off',
    });
  });

  it('first seen: Pending with a message naming the image and reason, condition ImagePullFailing=True since now', () => {
    const p = pod({ main: [waiting('claude-code', 'ErrImagePull', 'pull access denied')] });
    const d = decideCapture({ task: task(pending), pod: p, now: T0 });
    expect(d.status).to.include({ phase: 'Pending', message: MSG, podName: 't' });
    const c = d.status?.conditions?.find((x) => x.type === 'ImagePullFailing');
    expect(c).to.include({ status: 'True', reason: 'ErrImagePull', lastTransitionTime: T0.toISOString() });
    expect(d.event).to.equal(undefined);
    expect(d.terminal).to.equal(undefined);
  });

  it('seen again with the same message: nothing to write; a new kubelet message updates it, keeping the first time', () => {
    const p = pod({ main: [waiting('claude-code', 'ErrImagePull', 'pull access denied')] });
    const first = decideCapture({ task: task(pending), pod: p, now: T0 }).status!;
    expect(decideCapture({ task: task(first), pod: p, now: at(60_000) })).to.deep.equal({});
    const backoff = pod({ main: [waiting('claude-code', 'ImagePullBackOff', 'Back-off pulling image')] });
    const second = decideCapture({ task: task(first), pod: backoff, now: at(60_000) }).status!;
    expect(second.message).to.include('ImagePullBackOff (Back-off pulling image)');
    const c = second.conditions?.find((x) => x.type === 'ImagePullFailing');
    expect(c?.lastTransitionTime).to.equal(T0.toISOString());
  });

  it('after the timeout (default 5 minutes from first seen): Failed, saying why, and the Pod is deleted', () => {
    const p = pod({ main: [waiting('claude-code', 'ErrImagePull', 'pull access denied')] });
    const first = decideCapture({ task: task(pending), pod: p, now: T0 }).status!;
    expect(
      decideCapture({ task: task(first), pod: p, now: at(DEFAULT_IMAGE_PULL_TIMEOUT_MS - 1) }),
    ).to.deep.equal({});
    const d = decideCapture({ task: task(first), pod: p, now: at(DEFAULT_IMAGE_PULL_TIMEOUT_MS) });
    expect(d.status?.phase).to.equal('Failed');
    expect(d.status?.message).to.equal(
      'Task failed: image "kelos/claude-code:dev" for container claude-code could not be pulled for 5m: ErrImagePull (pull access denied)',
    );
    expect(d.status?.completionTime).to.equal(at(DEFAULT_IMAGE_PULL_TIMEOUT_MS).toISOString());
    expect(d).to.include({ event: 'failed', terminal: 'Failed', deletePod: true });
  });

  it('the timeout is configurable', () => {
    const p = pod({ main: [waiting('claude-code', 'ErrImageNeverPull')] });
    const first = decideCapture({ task: task(pending), pod: p, now: T0, imagePullTimeoutMs: 30_000 }).status!;
    const d = decideCapture({ task: task(first), pod: p, now: at(30_000), imagePullTimeoutMs: 30_000 });
    expect(d.status?.message).to.match(/could not be pulled for 30s: ErrImageNeverPull$/);
  });

  it('the image comes after all: the message and condition are cleared, then Running as usual', () => {
    const p = pod({ main: [waiting('claude-code', 'ErrImagePull')] });
    const first = decideCapture({ task: task(pending), pod: p, now: T0 }).status!;
    const creating = pod({ main: [waiting('claude-code', 'ContainerCreating')] });
    const cleared = decideCapture({ task: task(first), pod: creating, now: at(5_000) }).status!;
    expect(cleared.message).to.equal('');
    expect(cleared.conditions?.find((x) => x.type === 'ImagePullFailing')?.status).to.equal('False');
    const running = pod({ main: [{ name: 'claude-code', state: { running: {} } }] });
    const r = decideCapture({ task: task(first), pod: running, now: at(5_000) });
    expect(r.status?.phase).to.equal('Running');
    expect(r.status?.conditions?.find((x) => x.type === 'ImagePullFailing')?.status).to.equal('False');
  });

  it('formatDuration', () => {
    expect([300_000, 90_000, 45_000, 0].map(formatDuration)).to.deep.equal(['5m', '1m30s', '45s', '0s']);
  });
});
