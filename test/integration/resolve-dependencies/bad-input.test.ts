/** resolve-dependencies answers bad input clearly and changes nothing (SPEC.md §2, DESIGN.md guarantees). */
import { expect } from 'chai';
import { connectKube } from '../../../functions/core/k8s/connect.js';
import type { KubeClient } from '../../../functions/core/k8s/rest-client.js';
import type { TaskObject } from '../../../functions/core/task/objects.js';
import { useCluster, type Cluster } from '../../support/cluster.js';
import {
  apiServerRefEvent,
  apiServerResourceEvent,
  pingEvent,
  postEvent,
} from '../../support/cloudevents.js';
import { startFunctionServer, type FunctionServer } from '../../support/functions.js';
import { createSecret } from '../../support/create-secret.js';
import { getTask, taskObject } from '../task-lifecycle/lifecycle-harness.js';

describe('resolve-dependencies: bad input (integration)', function () {
  this.timeout(30_000);
  let cluster: Cluster;
  let kube: KubeClient;
  let fn: FunctionServer;
  let ns: string;

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await cluster.applyCrds();
    kube = await connectKube({ KUBECONFIG: cluster.kubeconfigPath });
    fn = await startFunctionServer('resolve-dependencies', { KUBECONFIG: cluster.kubeconfigPath });
    ns = await cluster.newNamespace('resolve-bad');
    await createSecret(kube, ns, 'anthropic-api-key', { ANTHROPIC_API_KEY: 'k' });
  });
  after(async () => {
    await fn?.stop();
    kube?.close();
  });

  it('answers 400 with a JSON reason to a malformed CloudEvent, and changes nothing', async () => {
    const task = await kube.create<TaskObject>(taskObject(ns, 'untouched', { dependsOn: ['nothing'] }));
    const missingType = await fetch(fn.url, {
      method: 'POST',
      headers: {
        'ce-specversion': '1.0',
        'ce-id': '1',
        'ce-source': '/x',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        apiVersion: 'kelos.dev/v1alpha1',
        kind: 'Task',
        name: 'untouched',
        namespace: ns,
      }),
    });
    expect(missingType.status).to.equal(400);
    expect(JSON.parse(await missingType.text())).to.be.an('object');
    const notJson = await fetch(fn.url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: '{nope',
    });
    expect(notJson.status).to.equal(400);
    const after = (await getTask(kube, ns, 'untouched'))!;
    expect(after.metadata.resourceVersion).to.equal(task.metadata.resourceVersion);
    expect(after.status).to.equal(undefined);
  });

  it('acknowledges an event naming a Task that does not exist, with an empty body, and creates nothing', async () => {
    const ghost = taskObject(ns, 'ghost') as unknown as Parameters<typeof apiServerRefEvent>[1];
    for (const event of [apiServerRefEvent('add', ghost), apiServerResourceEvent('update', ghost)]) {
      const res = await postEvent(fn.url, event);
      expect(res.status).to.be.oneOf([202, 204]);
      expect(res.body).to.equal('');
    }
    expect(await getTask(kube, ns, 'ghost')).to.equal(undefined);
    const leases = await kube.list('coordination.k8s.io/v1', 'Lease', ns);
    expect(leases.items).to.have.length(0);
  });

  it('ignores events for other kinds (204) and answers a resync tick with 202', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: ns } };
    expect((await postEvent(fn.url, apiServerRefEvent('update', pod))).status).to.equal(204);
    expect((await postEvent(fn.url, pingEvent())).status).to.equal(202);
  });
});
