import { expect } from 'chai';
import { useCluster, type Cluster } from '../../support/cluster.js';
import { mustKubectl } from './kubectl-helpers.js';

const CRDS = ['agentconfigs.kelos.dev', 'tasks.kelos.dev', 'taskspawners.kelos.dev', 'workspaces.kelos.dev'];

describe('CRDs on a real API server: install and discovery', function () {
  this.timeout(120_000);
  let cluster: Cluster;

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await cluster.applyCrds();
  });

  it('installs the four CRDs and they become Established with accepted names', async () => {
    const out = await mustKubectl(cluster, [
      'get',
      'crd',
      ...CRDS,
      '-o',
      `jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Established")].status} {.status.conditions[?(@.type=="NamesAccepted")].status}{"\\n"}{end}`,
    ]);
    expect(out.trim().split('\n')).to.deep.equal(CRDS.map((n) => `${n} True True`));
  });

  it('kubectl explain shows field descriptions (task.spec.dependsOn)', async () => {
    const out = await mustKubectl(cluster, ['explain', 'task.spec.dependsOn']);
    expect(out).to.contain('FIELD: dependsOn <[]string>');
    expect(out.replace(/\s+/g, ' ')).to.contain(
      'Names of Tasks in the same namespace that must succeed before this Task starts.',
    );
  });

  it('kubectl explain reaches nested embedded types (env valueFrom secretKeyRef)', async () => {
    const out = await mustKubectl(cluster, ['explain', 'taskspawner.spec.taskTemplate.podOverrides.env.valueFrom.secretKeyRef']);
    expect(out).to.contain('key\t<string> -required-');
    expect(out).to.contain('A key of a Secret');
  });

  it('registers the short names ts, ws, ac and the category kelos', async () => {
    const out = await mustKubectl(cluster, ['api-resources', '--api-group=kelos.dev', '--no-headers', '-o', 'wide']);
    const rows = Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .map((cols) => [cols[0], cols]),
    );
    expect(rows['taskspawners']).to.include('ts').and.include('kelos');
    expect(rows['workspaces']).to.include('ws').and.include('kelos');
    expect(rows['agentconfigs']).to.include('ac').and.include('kelos');
    expect(rows['tasks']).to.include('kelos');
    for (const r of Object.values(rows)) expect(r).to.include('true'); // namespaced
  });

  it('`kubectl get kelos` lists objects of every kind', async () => {
    const ns = await cluster.newNamespace('crd-install');
    await mustKubectl(
      cluster,
      ['apply', '-n', ns, '-f', '-'],
      `apiVersion: kelos.dev/v1alpha1
kind: Workspace
metadata: {name: repo}
spec: {repo: "https://github.com/o/r.git"}
---
apiVersion: kelos.dev/v1alpha1
kind: AgentConfig
metadata: {name: cfg}
spec: {agentsMD: "be brief"}
`,
    );
    const out = await mustKubectl(cluster, ['get', 'kelos', '-n', ns, '-o', 'name']);
    expect(out.trim().split('\n').sort()).to.deep.equal([
      'agentconfig.kelos.dev/cfg',
      'workspace.kelos.dev/repo',
    ]);
    const ws = await mustKubectl(cluster, ['get', 'ws', 'repo', '-n', ns, '-o', 'name']);
    expect(ws.trim()).to.equal('workspace.kelos.dev/repo');
  });
});
