/** The kelos-agent ServiceAccount check: once per namespace per warm process, shared while in flight. */
import { expect } from 'chai';
import { KubeError } from '../../../functions/core/k8s/errors.js';
import {
  ensureAgentServiceAccount,
  forgetAgentServiceAccount,
} from '../../../functions/launch-pod/service-account.js';
import { memoryKube } from './memory-kube.js';

describe('ensureAgentServiceAccount', () => {
  it('launches at once in a new namespace share one read and one create', async () => {
    const kube = memoryKube();
    await Promise.all([1, 2, 3, 4, 5].map(() => ensureAgentServiceAccount(kube, 'ns')));
    expect(kube.calls).to.deep.equal([
      'get ServiceAccount/ns/kelos-agent',
      'create ServiceAccount/ns/kelos-agent',
    ]);
    await ensureAgentServiceAccount(kube, 'ns');
    expect(kube.calls).to.have.length(2);
  });

  it('is checked again after forget (a failed Pod create), and after a failed check', async () => {
    const kube = memoryKube();
    await ensureAgentServiceAccount(kube, 'ns');
    forgetAgentServiceAccount(kube, 'ns');
    await ensureAgentServiceAccount(kube, 'ns');
    expect(kube.calls).to.deep.equal([
      'get ServiceAccount/ns/kelos-agent',
      'create ServiceAccount/ns/kelos-agent',
      'get ServiceAccount/ns/kelos-agent',
    ]);
    const failing = memoryKube();
    let fail = true;
    let refused = 0;
    const get = failing.get.bind(failing);
    failing.get = async (ref) => {
      if (fail) {
        refused++;
        throw new KubeError({ code: 503, reason: 'ServiceUnavailable', verb: 'get' });
      }
      return get(ref);
    };
    const errors = await Promise.allSettled([1, 2].map(() => ensureAgentServiceAccount(failing, 'ns')));
    expect(errors.map((e) => e.status)).to.deep.equal(['rejected', 'rejected']);
    expect(refused, 'the two launches shared the one failed check').to.equal(1);
    fail = false;
    await ensureAgentServiceAccount(failing, 'ns');
    expect(failing.calls).to.deep.equal([
      'get ServiceAccount/ns/kelos-agent',
      'create ServiceAccount/ns/kelos-agent',
    ]);
  });
});
