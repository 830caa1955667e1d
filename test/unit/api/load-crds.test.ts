import { expect } from 'chai';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crdSchema, findCrdsDir, loadCrds, parseCrd } from '../../support/crds/load-crds.js';
import { ROOT } from './type-check.js';

describe('loadCrds', () => {
  it('finds crds/ above this module and loads the four kelos.dev CRDs', async () => {
    expect(findCrdsDir()).to.equal(join(ROOT, 'crds'));
    const loaded = await loadCrds();
    expect(loaded.map((l) => l.crd.metadata.name).sort()).to.deep.equal([
      'agentconfigs.kelos.dev',
      'tasks.kelos.dev',
      'taskspawners.kelos.dev',
      'workspaces.kelos.dev',
    ]);
    for (const { text } of loaded) expect(text).to.contain('kind: CustomResourceDefinition');
  });

  it('finds crds/ from a nested folder such as dist/functions/core/api', () => {
    expect(findCrdsDir(join(ROOT, 'dist', 'functions', 'core', 'api'))).to.equal(join(ROOT, 'crds'));
  });

  it('names the start folder when there is no crds/ above it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kelos-crds-'));
    try {
      expect(() => findCrdsDir(dir)).to.throw(`crds/tasks.kelos.dev.yaml not found above ${dir}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a file that is not a CRD, naming the file', async () => {
    expect(() => parseCrd('apiVersion: v1\nkind: ConfigMap\n', 'x.yaml')).to.throw(
      'x.yaml is not an apiextensions.k8s.io/v1 CustomResourceDefinition',
    );
    expect(() => parseCrd('a: [', 'bad.yaml')).to.throw('parsing bad.yaml');
    const dir = await mkdtemp(join(tmpdir(), 'kelos-crds-'));
    try {
      await mkdir(join(dir, 'crds'));
      await writeFile(join(dir, 'crds', 'notes.yaml'), 'hello: world\n');
      const err = await loadCrds(join(dir, 'crds')).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err)
        .to.be.instanceOf(Error)
        .with.property('message')
        .that.contains('notes.yaml: document is not a Kubernetes object');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('returns the schema of a kind and throws for an unknown one', async () => {
    const crds = (await loadCrds()).map((l) => l.crd);
    expect(crdSchema(crds, 'Task').properties).to.have.keys(
      'apiVersion',
      'kind',
      'metadata',
      'spec',
      'status',
    );
    expect(() => crdSchema(crds, 'Nope')).to.throw('no CRD for Nope v1alpha1');
  });
});
