/**
 * Every document in knative/ is accepted by a real API server that has the
 * real Knative CRDs installed (server-side dry-run), through both
 * `kubectl apply -f knative/` and `kubectl apply -k knative/`.
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifestDir } from '../../../scripts/event-plane/manifests.js';
import { REPO_ROOT, useCluster, type Cluster } from '../../support/cluster.js';
import { installKnativeCrds, KNATIVE_CRDS } from './knative-crds.js';

const KNATIVE = join(REPO_ROOT, 'knative');

describe('knative/ on a real API server with the Knative CRDs (server-side dry-run)', function () {
  this.timeout(180_000);
  let cluster: Cluster;

  before(async function () {
    if (!existsSync(KNATIVE_CRDS)) {
      console.log(`    note: ${KNATIVE_CRDS} is absent; skipping the Knative dry-run checks`);
      this.skip();
    }
    cluster = await useCluster();
    await installKnativeCrds(cluster);
    await cluster.kubectl(['apply', '-f', join(KNATIVE, '00-namespace.yaml')]);
  });

  it('accepts every document with kubectl apply -f knative/', async () => {
    const docs = await readManifestDir(KNATIVE);
    const r = await cluster.kubectl(['apply', '--dry-run=server', '-f', KNATIVE]);
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(0);
    const accepted = r.stdout.split('\n').filter((l) => l.endsWith('(server dry run)'));
    expect(accepted).to.have.length(docs.length);
  });

  it('accepts the same set through the Kustomization (-k)', async () => {
    const viaK = await cluster.kubectl(['apply', '--dry-run=server', '-k', KNATIVE]);
    expect(viaK.code, viaK.stderr).to.equal(0);
    const viaF = await cluster.kubectl(['apply', '--dry-run=server', '-f', KNATIVE]);
    const names = (out: string) => out.split('\n').map((l) => l.split(' ')[0]).filter(Boolean).sort();
    expect(names(viaK.stdout)).to.deep.equal(names(viaF.stdout));
  });

  it('fails (and the test would notice) when a document breaks the Knative schema', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kelos-knative-schema-'));
    try {
      await cp(KNATIVE, dir, { recursive: true });
      const file = join(dir, '30-services.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('timeoutSeconds: 60', 'timeoutSeconds: sixty'));
      const r = await cluster.kubectl(['apply', '--dry-run=server', '-f', dir]);
      expect(r.code).to.not.equal(0);
      expect(r.stderr).to.match(/timeoutSeconds/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
