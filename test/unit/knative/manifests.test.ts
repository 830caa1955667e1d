import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readManifestDir, type ManifestDoc } from '../../../scripts/event-plane/manifests.js';

const ROOT = join(import.meta.dirname, '../../..');
const FUNCTIONS = ['resolve-dependencies', 'launch-pod', 'capture-outputs', 'spawn', 'github-source', 'report-github'];
/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are free-form YAML; the assertions check the shape */
type Doc = ManifestDoc & { spec: any; rules?: any[]; roleRef?: any; subjects?: any[] };

describe('knative/ manifests (SPEC §7)', () => {
  let docs: Doc[];
  const of = (kind: string) => docs.filter((d) => d.kind === kind);
  const named = (kind: string, name: string) => of(kind).find((d) => d.metadata.name === name)!;
  before(async () => {
    docs = (await readManifestDir(join(ROOT, 'knative'))) as Doc[];
  });

  it('puts everything namespaced in kelos-system and creates that namespace first', () => {
    expect(docs[0]).to.include({ kind: 'Namespace' });
    expect(docs[0]!.metadata.name).to.equal('kelos-system');
    for (const d of docs.filter((x) => !['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(x.kind))) {
      expect(d.metadata.namespace, `${d.kind} ${d.metadata.name}`).to.equal('kelos-system');
    }
  });

  it('runs one Knative Service per function from one image, entry chosen by argument and KELOS_FUNCTION', () => {
    const images = new Set<string>();
    for (const name of FUNCTIONS) {
      const svc = named('Service', name);
      expect(svc.apiVersion).to.equal('serving.knative.dev/v1');
      const c = svc.spec.template.spec.containers[0];
      images.add(c.image);
      expect(c.args).to.deep.equal([name]);
      expect(c.env).to.deep.include({ name: 'KELOS_FUNCTION', value: name });
      expect(c.env.map((e: { name: string }) => e.name)).to.not.include('PORT');
      expect(c.readinessProbe.httpGet.path).to.equal('/healthz');
      expect(c.securityContext).to.deep.include({ runAsNonRoot: true, allowPrivilegeEscalation: false });
      expect(c.securityContext.capabilities.drop).to.deep.equal(['ALL']);
      expect(svc.spec.template.spec.serviceAccountName).to.equal(`kelos-${name}`);
      expect(named('ServiceAccount', `kelos-${name}`), `ServiceAccount kelos-${name}`).to.not.equal(undefined);
    }
    expect([...images]).to.deep.equal(['ghcr.io/kelos-dev/kelos-knative/functions:latest']);
  });

  it('scales the reconcile functions to zero, keeps github-source warm and public, the rest cluster-local', () => {
    for (const name of FUNCTIONS) {
      const svc = named('Service', name);
      const expectedMin = name === 'github-source' ? '1' : '0';
      expect(svc.spec.template.metadata.annotations['autoscaling.knative.dev/min-scale'], name).to.equal(expectedMin);
      expect(svc.metadata.labels?.['networking.knative.dev/visibility'], name).to.equal(name === 'github-source' ? undefined : 'cluster-local');
    }
  });

  it('watches Tasks, TaskSpawners and labelled Pods in Resource mode in all namespaces', () => {
    const [src] = of('ApiServerSource');
    expect(src!.spec.mode).to.equal('Resource');
    expect(src!.spec.namespaceSelector).to.deep.equal({});
    expect(src!.spec.resources.map((r: { kind: string }) => r.kind)).to.deep.equal(['Task', 'TaskSpawner', 'Pod']);
    expect(src!.spec.resources[2].selector.matchExpressions).to.deep.equal([{ key: 'kelos.dev/task', operator: 'Exists' }]);
    expect(of('PingSource')[0]!.spec.schedule).to.equal('* * * * *');
  });

  it('gives the ApiServerSource exactly get/list/watch on what it watches', () => {
    const sa = named('ApiServerSource', 'kelos-objects').spec.serviceAccountName;
    const binding = of('ClusterRoleBinding').find((b) => b.subjects!.some((s: { name: string }) => s.name === sa))!;
    const role = named('ClusterRole', binding.roleRef.name);
    const grants = role.rules!.flatMap((r: any) => r.resources.flatMap((res: string) => r.verbs.map((v: string) => `${r.apiGroups[0]}/${res}:${v}`)));
    expect(grants.sort()).to.deep.equal(
      ['/pods:get', '/pods:list', '/pods:watch', 'kelos.dev/taskspawners:get', 'kelos.dev/taskspawners:list', 'kelos.dev/taskspawners:watch', 'kelos.dev/tasks:get', 'kelos.dev/tasks:list', 'kelos.dev/tasks:watch'].sort(),
    );
  });

  it('grants no function wildcard verbs or resources, and github-source no role at all', () => {
    for (const role of of('ClusterRole')) {
      for (const rule of role.rules!) {
        expect([...rule.verbs, ...rule.resources, ...rule.apiGroups], role.metadata.name).to.not.include('*');
      }
    }
    expect(of('ClusterRoleBinding').flatMap((b) => b.subjects!.map((s: { name: string }) => s.name))).to.not.include('kelos-github-source');
  });

  it('documents the RBAC of every function in knative/README.md, matching 20-rbac.yaml', async () => {
    const readme = await readFile(join(ROOT, 'knative/README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## RBAC'));
    const fromReadme = new Set<string>();
    for (const line of section.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      if (cells.length !== 6 || !cells[1]!.startsWith('`kelos-')) continue;
      const [, who, group, resources, verbs] = cells;
      for (const res of resources!.split(',')) for (const v of verbs!.split(',')) fromReadme.add(`${who!.replace(/`/g, '')} ${group === 'core' ? '' : group} ${res.trim()} ${v.trim()}`);
    }
    const fromYaml = new Set<string>();
    for (const b of of('ClusterRoleBinding')) {
      const role = named('ClusterRole', b.roleRef.name);
      for (const r of role.rules!) for (const res of r.resources) for (const v of r.verbs) fromYaml.add(`${b.subjects![0].name} ${r.apiGroups[0]} ${res} ${v}`);
    }
    expect([...fromReadme].sort()).to.deep.equal([...fromYaml].sort());
  });
});
