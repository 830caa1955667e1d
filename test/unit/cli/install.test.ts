import { expect } from 'chai';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseManifests, versionedManifests, withImagePullPolicy } from '../../../cli/install/manifests.js';
import { knativeMissingMessage, REQUIRED_KNATIVE_CRDS } from '../../../cli/install/knative-check.js';
import { FakeKube } from './support/fake-kube.js';
import { run } from './support/run.js';

const SVC = `apiVersion: serving.knative.dev/v1
kind: Service
metadata: { name: fn, namespace: kelos-system }
spec:
  template:
    spec:
      containers:
        - name: function
          image: example.com/kelos/functions:latest
          args: [--leader-elect, --claude-code-image=example.com/claude-code:latest, --spawner-image=example.com/spawner:latest]
`;

async function manifestsRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'kelos-install-'));
  await mkdir(join(root, 'crds'));
  await mkdir(join(root, 'knative'));
  await writeFile(
    join(root, 'crds', 'a.yaml'),
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: things.example.dev }\nspec: { group: example.dev }\n',
  );
  await writeFile(
    join(root, 'knative', '00-ns.yaml'),
    'apiVersion: v1\nkind: Namespace\nmetadata: { name: kelos-system }\n',
  );
  await writeFile(join(root, 'knative', '10-svc.yaml'), `${SVC}---\n# only a comment\n---\n`);
  await writeFile(join(root, 'knative', 'Kustomization'), 'not: yaml-we-read\n');
  return root;
}

describe('cli: install manifests', () => {
  it('parses single, multi-document and empty input, preserving order', () => {
    expect(
      parseManifests('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n').map((o) => o.metadata.name),
    ).to.deep.equal(['a']);
    const multi =
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\n# c\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n';
    expect(parseManifests(multi).map((o) => o.metadata.name)).to.deep.equal(['a', 'b']);
    expect(parseManifests('')).to.deep.equal([]);
    expect(() => parseManifests('just: data\n', 'x.yaml')).to.throw(
      'parsing x.yaml: document is not a Kubernetes object',
    );
  });
  it('the real crds/ hold only CustomResourceDefinitions; knative/ has Services, Broker, Triggers, sources', async () => {
    const r = await run(['install', '--dry-run']);
    expect(r.code, r.stderr).to.equal(0);
    const kinds = parseAllDocuments(r.stdout).map((d) => (d.toJS() as { kind: string }).kind);
    const crdCount = kinds.indexOf(kinds.find((k) => k !== 'CustomResourceDefinition') ?? '');
    expect(crdCount).to.be.greaterThan(3);
    expect(kinds.slice(0, crdCount).every((k) => k === 'CustomResourceDefinition')).to.equal(true);
    for (const k of [
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'Service',
      'Broker',
      'Trigger',
      'PingSource',
    ]) {
      expect(kinds, k).to.include(k);
    }
    expect(r.stdout).not.to.contain('Installing kelos');
  });
  it('--version replaces :latest tags (not when latest); CRDs untouched', () => {
    const objs = parseManifests(SVC);
    expect(versionedManifests(objs, 'latest')).to.equal(objs);
    const text = JSON.stringify(versionedManifests(objs, 'v0.3.0'));
    expect(text).to.contain('example.com/kelos/functions:v0.3.0');
    expect(text).to.contain('--claude-code-image=example.com/claude-code:v0.3.0');
    expect(text).to.contain('--spawner-image=example.com/spawner:v0.3.0');
    expect(text).not.to.contain(':latest');
  });
  it('--image-pull-policy sets it on containers and after each --<x>-image= arg, not after other args', () => {
    const [svc] = withImagePullPolicy(parseManifests(SVC), 'Always');
    const c = (svc as any).spec.template.spec.containers[0]; // eslint-disable-line @typescript-eslint/no-explicit-any -- test data
    expect(c.imagePullPolicy).to.equal('Always');
    expect(c.args).to.deep.equal([
      '--leader-elect',
      '--claude-code-image=example.com/claude-code:latest',
      '--claude-code-image-pull-policy=Always',
      '--spawner-image=example.com/spawner:latest',
      '--spawner-image-pull-policy=Always',
    ]);
  });
  it('dry-run prints CRDs, then the knative/ documents, with flags applied', async () => {
    const root = await manifestsRoot();
    const r = await run(
      ['install', '--dry-run', '--version', 'v0.5.0', '--image-pull-policy', 'IfNotPresent'],
      { manifestsRoot: root },
    );
    expect(r.code, r.stderr).to.equal(0);
    const docs = r.stdout.split('---\n');
    expect(docs).to.have.length(3);
    expect(docs[0]).to.contain('kind: CustomResourceDefinition');
    expect(docs[1]).to.contain('kind: Namespace');
    expect(docs[2]).to.contain('image: example.com/kelos/functions:v0.5.0');
    expect(docs[2]).to.contain('imagePullPolicy: IfNotPresent');
  });
  it('reports exactly which Knative CRDs are missing and applies nothing', async () => {
    const root = await manifestsRoot();
    const kube = new FakeKube();
    kube.add({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'services.serving.knative.dev' },
    });
    kube.add({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'brokers.eventing.knative.dev' },
    });
    const r = await run(['install'], { manifestsRoot: root, kubeFactory: () => kube });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal(
      'Error: Knative Eventing is not installed: missing CustomResourceDefinitions triggers.eventing.knative.dev, ' +
        'apiserversources.sources.knative.dev, pingsources.sources.knative.dev, sinkbindings.sources.knative.dev ' +
        '(install Knative Serving and Eventing first, see https://knative.dev/docs/install/)\n',
    );
    expect(kube.calls.filter((c) => c.startsWith('apply'))).to.deep.equal([]);
    expect(knativeMissingMessage(REQUIRED_KNATIVE_CRDS.map((c) => c.name))).to.match(
      /^Knative Serving and Knative Eventing are not installed/,
    );
  });
  it('install/uninstall skip the config file and reject extra args', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kelos-badcfg-'));
    await mkdir(join(home, '.kelos'));
    await writeFile(join(home, '.kelos', 'config.yaml'), ': : bad yaml [');
    const root = await manifestsRoot();
    const noKube = () => {
      throw new Error('invalid kubeconfig');
    };
    const i = await run(['install'], { env: { HOME: home }, manifestsRoot: root, kubeFactory: noKube });
    expect(i.stderr).to.equal('Error: invalid kubeconfig\n');
    const u = await run(['uninstall'], { env: { HOME: home }, manifestsRoot: root, kubeFactory: noKube });
    expect(u.stderr).to.equal('Error: invalid kubeconfig\n');
    expect((await run(['install', 'extra'])).stderr).to.equal(
      'Error: unknown command "extra" for "kelos install"\n',
    );
    expect((await run(['uninstall', 'extra'])).stderr).to.equal(
      'Error: unknown command "extra" for "kelos uninstall"\n',
    );
  });
  it('version prints latest', async () => {
    expect(await run(['version'])).to.deep.equal({ code: 0, stdout: 'latest\n', stderr: '' });
  });
});
