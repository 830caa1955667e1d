import { expect } from 'chai';
import type { HandlerDeps, Logger } from '../../../functions/core/runtime/contract.js';
import { handle as captureHandle } from '../../../functions/capture-outputs/handler.js';
import { readConfig as captureConfig } from '../../../functions/capture-outputs/config.js';
import { handle as launchHandle } from '../../../functions/launch-pod/handler.js';
import { readConfig as launchConfig } from '../../../functions/launch-pod/config.js';
import { memoryKube } from './memory-kube.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

function deps<C>(config: C): HandlerDeps<C> {
  return { kube: memoryKube(), log: silent, now: () => new Date(), config, emit: async () => {} };
}

const object = (kind: string, apiVersion: string, verb?: 'add' | 'update' | 'delete') => ({
  type: 'object' as const,
  eventId: 'e',
  eventType: 'dev.knative.apiserver.ref.update',
  apiVersion,
  kind,
  namespace: 'ns',
  name: 'x',
  ...(verb ? { verb } : {}),
});

describe('handler routing (launch-pod, capture-outputs)', () => {
  it('launch-pod ignores kinds it does not own, GitHub deliveries, Task deletions, and unknown Tasks', async () => {
    const d = deps(launchConfig({}));
    expect(await launchHandle(object('TaskSpawner', 'kelos.dev/v1alpha1'), d)).to.equal('ignored');
    expect(await launchHandle(object('Pod', 'v1'), d)).to.equal('ignored');
    expect(await launchHandle(object('Task', 'kelos.dev/v1alpha1', 'delete'), d)).to.equal('ignored');
    expect(
      await launchHandle(
        { type: 'github', eventId: 'e', eventType: 'com.github.issue.opened', event: 'issues', payload: {} },
        d,
      ),
    ).to.equal('ignored');
    expect(await launchHandle(object('Task', 'kelos.dev/v1alpha1'), d)).to.equal('ignored');
  });

  it('capture-outputs ignores other kinds and follows Tasks and Pods to their Task', async () => {
    const d = deps(captureConfig({}));
    expect(await captureHandle(object('Workspace', 'kelos.dev/v1alpha1'), d)).to.equal('ignored');
    expect(await captureHandle(object('Task', 'kelos.dev/v1alpha1'), d)).to.equal('ignored');
    expect(await captureHandle(object('Pod', 'v1', 'delete'), d)).to.equal('ignored');
    const kube = d.kube as ReturnType<typeof memoryKube>;
    expect(kube.calls).to.deep.equal(['get Task/ns/x', 'get Task/ns/x']);
  });
});
