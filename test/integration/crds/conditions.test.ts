import { expect } from 'chai';
import { stringify } from 'yaml';
import { useCluster, type Cluster } from '../../support/cluster.js';
import { task } from './invalid-manifests.js';
import { mustKubectl } from './kubectl-helpers.js';

describe('Task conditions on a real API server', function () {
  this.timeout(60_000);
  let cluster: Cluster;
  let ns: string;

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await cluster.applyCrds();
    ns = await cluster.newNamespace('crd-conditions');
  });

  const condition = (type: string, status: string, reason: string) => ({
    type,
    status,
    reason,
    message: '',
    lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    observedGeneration: 1,
  });

  it('kubectl wait --for=condition=Succeeded returns once the condition is True', async () => {
    await mustKubectl(cluster, ['create', '-n', ns, '-f', '-'], stringify(task({}, 'waited')));
    const waiting = cluster.kubectl(['wait', '-n', ns, '--for=condition=Succeeded', '--timeout=30s', 'task/waited']);
    await new Promise((r) => setTimeout(r, 500));
    const status = {
      phase: 'Succeeded',
      observedGeneration: 1,
      conditions: [condition('Ready', 'True', 'Succeeded'), condition('Succeeded', 'True', 'Succeeded')],
    };
    await mustKubectl(cluster, [
      'patch', 'task', 'waited', '-n', ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status }),
    ]);
    const r = await waiting;
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim()).to.equal('task.kelos.dev/waited condition met');
  });

  it('keeps conditions as a list keyed by type (a server-side apply merges by type)', async () => {
    await mustKubectl(cluster, ['create', '-n', ns, '-f', '-'], stringify(task({}, 'merged')));
    const apply = (manager: string, c: object) =>
      mustKubectl(
        cluster,
        ['apply', '--server-side', `--field-manager=${manager}`, '--subresource=status', '-n', ns, '-f', '-'],
        stringify({ apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', metadata: { name: 'merged' }, status: { conditions: [c] } }),
      );
    await apply('resolver', condition('Admitted', 'True', 'GatesPassed'));
    await apply('capturer', condition('Ready', 'False', 'PodPending'));
    const types = await mustKubectl(cluster, ['get', 'task', 'merged', '-n', ns, '-o', 'jsonpath={.status.conditions[*].type}']);
    expect(types.split(' ').sort()).to.deep.equal(['Admitted', 'Ready']);
  });
});
