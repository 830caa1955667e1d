import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { useCluster, type Cluster } from '../../support/cluster.js';

describe('embedded control plane', function () {
  this.timeout(180_000);
  let cluster: Cluster;

  before(async () => {
    cluster = await useCluster();
  });

  it('serves the Kubernetes version it was built from', async () => {
    const r = await cluster.kubectl(['version', '-o', 'json']);
    expect(r.code, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout).serverVersion.gitVersion).to.match(/^v1\.3[4-6]\./);
  });

  it('listens on loopback only', () => {
    expect(new URL(cluster.server).hostname).to.equal('127.0.0.1');
  });

  it('creates namespaces with a default ServiceAccount (controller manager runs)', async () => {
    const ns = await cluster.newNamespace('cp-sa');
    const r = await cluster.kubectl(['get', 'sa', 'default', '-n', ns, '-o', 'name']);
    expect(r.stdout.trim()).to.equal('serviceaccount/default');
  });

  it('garbage-collects dependents when the owner is deleted', async () => {
    const ns = await cluster.newNamespace('cp-gc');
    await cluster.kubectl(['create', 'configmap', 'owner', '-n', ns]);
    const uid = (await cluster.kubectl(['get', 'cm', 'owner', '-n', ns, '-o', 'jsonpath={.metadata.uid}']))
      .stdout;
    const dependent = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'dependent',
        namespace: ns,
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid }],
      },
    };
    expect(
      (await cluster.kubectl(['create', '-f', '-'], { input: JSON.stringify(dependent) })).code,
    ).to.equal(0);
    await cluster.kubectl(['delete', 'cm', 'owner', '-n', ns]);
    let gone = false;
    for (let i = 0; i < 100 && !gone; i++) {
      gone = (await cluster.kubectl(['get', 'cm', 'dependent', '-n', ns])).code !== 0;
      if (!gone) await new Promise((r) => setTimeout(r, 200));
    }
    expect(gone, 'dependent ConfigMap still exists 20 s after its owner was deleted').to.equal(true);
  });

  it('rejects requests without the generated credentials', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        `${cluster.server}/api/v1/namespaces`,
        { ca: readFileSync(cluster.caFile) },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).to.be.oneOf([401, 403]);
  });
});
