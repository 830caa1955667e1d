import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { REPO_ROOT, useCluster, type Cluster } from '../../support/cluster.js';
import { dryRunCreate, yamlFiles } from './kubectl-helpers.js';

const OURS = join(REPO_ROOT, 'examples');
/** The original Kelos's examples, shared read-only beside the work tree (absent on some machines). */
const UPSTREAM = process.env.KELOS_UPSTREAM_EXAMPLES ?? join(REPO_ROOT, '..', 'shared', 'upstream-kelos-examples');
/** Broken in the original too: unknown fields repoURL/base/tokenSecretRef and no spec.repo. */
const BROKEN = '05-task-with-agentconfig/workspace.yaml';

describe('Example manifests on a real API server', function () {
  this.timeout(60_000);
  let cluster: Cluster;
  let ns: string;
  let ours: string[];
  let upstream: string[] | undefined;

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await cluster.applyCrds();
    ns = await cluster.newNamespace('crd-examples');
    ours = await yamlFiles(OURS);
    upstream = existsSync(UPSTREAM) ? await yamlFiles(UPSTREAM) : undefined;
  });

  it('examples/ has the eight use cases, each with a README', async () => {
    const files = ours.map((f) => relative(OURS, f));
    const folders = [...new Set(files.map((f) => f.split('/')[0]))];
    expect(folders).to.deep.equal([
      '01-simple-task',
      '02-task-with-workspace',
      '03-taskspawner-github-issues',
      '04-taskspawner-cron',
      '05-task-with-agentconfig',
      '06-fork-workflow',
      '07-task-pipeline',
      '08-offline-agent',
    ]);
    for (const f of folders) expect(existsSync(join(OURS, f!, 'README.md')), `${f}/README.md`).to.equal(true);
  });

  it('every manifest under examples/ is accepted by a server-side dry-run create (strict fields)', async () => {
    const files = ours;
    expect(files.length).to.be.greaterThan(20);
    for (const file of files) {
      const r = await dryRunCreate(cluster, ns, await readFile(file, 'utf8'));
      expect(r.stderr, relative(REPO_ROOT, file)).to.equal('');
      expect(r.code, relative(REPO_ROOT, file)).to.equal(0);
      expect(r.stdout).to.contain('(server dry run)');
    }
  });

  describe('upstream Kelos examples', () => {
    before(function () {
      if (!upstream) {
        console.log(`    (skipped: ${UPSTREAM} does not exist)`);
        this.skip();
      }
    });

    it(`every upstream manifest except ${BROKEN} is accepted unchanged`, async () => {
      const files = upstream!.filter((f) => !f.endsWith(BROKEN));
      expect(files.length).to.be.greaterThan(20);
      for (const file of files) {
        const r = await dryRunCreate(cluster, ns, await readFile(file, 'utf8'));
        expect(r.stderr, relative(UPSTREAM, file)).to.equal('');
        expect(r.code, relative(UPSTREAM, file)).to.equal(0);
      }
    });

    it(`${BROKEN} is rejected naming its unknown fields (strict field validation)`, async () => {
      const r = await dryRunCreate(cluster, ns, await readFile(join(UPSTREAM, BROKEN), 'utf8'), 'strict');
      expect(r.code).to.not.equal(0);
      expect(r.stderr).to.contain('strict decoding error');
      for (const field of ['spec.repoURL', 'spec.base', 'spec.tokenSecretRef']) {
        expect(r.stderr).to.contain(`unknown field "${field}"`);
      }
    });

    it(`${BROKEN} is rejected naming spec.repo when unknown fields are dropped`, async () => {
      const r = await dryRunCreate(cluster, ns, await readFile(join(UPSTREAM, BROKEN), 'utf8'), 'false');
      expect(r.code).to.not.equal(0);
      expect(r.stderr).to.contain('spec.repo: Required value');
    });
  });
});

