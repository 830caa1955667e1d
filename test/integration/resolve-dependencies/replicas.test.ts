/** Two resolve-dependencies replicas handling the same events at once never admit two Tasks on one branch. */
import { expect } from 'chai';
import { branchLeaseName } from '../../../functions/core/branch-lock/lock-key.js';
import type { Lease } from '../../../functions/core/branch-lock/branch-lease.js';
import { connectKube } from '../../../functions/core/k8s/connect.js';
import type { KubeClient } from '../../../functions/core/k8s/rest-client.js';
import type { TaskObject } from '../../../functions/core/task/objects.js';
import { useCluster, type Cluster } from '../../support/cluster.js';
import { apiServerRefEvent, postEvent } from '../../support/cloudevents.js';
import { startFunctionServer, type FunctionServer } from '../../support/functions.js';
import { createSecret } from '../../support/create-secret.js';
import { createWorkspace, listTasks, taskObject } from '../task-lifecycle/lifecycle-harness.js';

describe('resolve-dependencies: concurrent replicas (integration)', function () {
  this.timeout(60_000);
  let cluster: Cluster;
  let kube: KubeClient;
  let replicas: FunctionServer[] = [];

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await cluster.applyCrds();
    kube = await connectKube({ KUBECONFIG: cluster.kubeconfigPath });
    const env = { KUBECONFIG: cluster.kubeconfigPath };
    replicas = [
      await startFunctionServer('resolve-dependencies', env),
      await startFunctionServer('resolve-dependencies', env),
    ];
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    kube?.close();
  });

  it('admits exactly one of many Tasks on one branch when every event reaches both replicas at once', async () => {
    const ns = await cluster.newNamespace('replicas');
    await createSecret(kube, ns, 'anthropic-api-key', { ANTHROPIC_API_KEY: 'k' });
    await createWorkspace(kube, ns, 'ws');
    const names = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
    const tasks = await Promise.all(
      names.map((n) =>
        kube.create<TaskObject>(taskObject(ns, n, { branch: 'feature-1', workspaceRef: { name: 'ws' } })),
      ),
    );
    for (let round = 0; round < 3; round++) {
      const posts = tasks.flatMap((t) =>
        replicas.map((r) =>
          postEvent(
            r.url,
            apiServerRefEvent('update', t as unknown as Parameters<typeof apiServerRefEvent>[1]),
          ),
        ),
      );
      const answers = await Promise.all(posts);
      // 409 is allowed (a conflict that survived local retries: the broker redelivers); nothing else.
      for (const a of answers) expect([202, 204, 409]).to.include(a.status);
    }
    const after = await listTasks(kube, ns);
    const admitted = after.filter((t) =>
      t.status?.conditions?.some((c) => c.type === 'Admitted' && c.status === 'True'),
    );
    expect(admitted.map((t) => t.metadata.name)).to.have.length(1);
    const lease = await kube.get<Lease>({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      namespace: ns,
      name: branchLeaseName('ws:feature-1'),
    });
    expect(lease?.spec?.holderIdentity).to.equal(admitted[0]!.metadata.name);
    for (const t of after.filter((x) => x !== admitted[0])) {
      expect(t.status?.phase).to.equal('Waiting');
      expect(t.status?.message).to.match(
        /^Waiting for branch "feature-1" \((locked by|queued behind) r\d\)$/,
      );
    }
  });
});
