import { expect } from 'chai';
import { useCluster, type Cluster } from '../../support/cluster.js';
import { mustKubectl, parseTable } from './kubectl-helpers.js';

const OBJECTS = `apiVersion: kelos.dev/v1alpha1
kind: Task
metadata: {name: build-ui}
spec:
  type: codex
  prompt: build it
  credentials: {type: api-key, secretRef: {name: codex-key}}
  workspaceRef: {name: web}
  agentConfigRef: {name: frontend}
  branch: feature/ui
  dependsOn: [design]
---
apiVersion: kelos.dev/v1alpha1
kind: Task
metadata: {name: plain}
spec:
  type: gemini
  prompt: hello
  credentials: {type: oauth, secretRef: {name: gemini-key}}
---
apiVersion: kelos.dev/v1alpha1
kind: TaskSpawner
metadata: {name: nightly}
spec:
  when: {cron: {schedule: "0 3 * * *"}}
  taskTemplate:
    type: claude-code
    credentials: {type: api-key, secretRef: {name: k}}
    workspaceRef: {name: web}
`;

describe('Printer columns on a real API server', function () {
  this.timeout(60_000);
  let cluster: Cluster;
  let ns: string;

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await cluster.applyCrds();
    ns = await cluster.newNamespace('crd-columns');
    await mustKubectl(cluster, ['create', '-n', ns, '-f', '-'], OBJECTS);
    const status = (kind: string, name: string, s: unknown) =>
      mustKubectl(cluster, ['patch', kind, name, '-n', ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: s })]);
    await status('task', 'build-ui', { phase: 'Running', podName: 'build-ui', startTime: new Date().toISOString() });
    await status('taskspawner', 'nightly', { phase: 'Running', activeTasks: 1, totalDiscovered: 2, totalTasksCreated: 5 });
  });

  it('kubectl get tasks shows TYPE, PHASE, BRANCH, WORKSPACE, AGENT CONFIG and AGE', async () => {
    const out = await mustKubectl(cluster, ['get', 'tasks', '-n', ns]);
    expect(out.split('\n')[0]).to.match(/^NAME\s+TYPE\s+PHASE\s+BRANCH\s+WORKSPACE\s+AGENT CONFIG\s+AGE$/);
    const rows = parseTable(out);
    for (const row of rows) expect(row['AGE']).to.match(/^\d+[sm]/);
    expect(rows.map((row) => ({ ...row, AGE: 'checked' }))).to.deep.equal([
      { NAME: 'build-ui', TYPE: 'codex', PHASE: 'Running', BRANCH: 'feature/ui', WORKSPACE: 'web', 'AGENT CONFIG': 'frontend', AGE: 'checked' },
      { NAME: 'plain', TYPE: 'gemini', PHASE: '', BRANCH: '', WORKSPACE: '', 'AGENT CONFIG': '', AGE: 'checked' },
    ]);
  });

  it('kubectl get tasks -o wide adds DEPENDS ON, POD, STARTED and FINISHED', async () => {
    const out = await mustKubectl(cluster, ['get', 'task', 'build-ui', '-n', ns, '-o', 'wide']);
    expect(out.split('\n')[0]).to.match(
      /^NAME\s+TYPE\s+PHASE\s+BRANCH\s+WORKSPACE\s+AGENT CONFIG\s+DEPENDS ON\s+POD\s+STARTED\s+FINISHED\s+AGE$/,
    );
    const [row] = parseTable(out);
    expect(row).to.include({ 'DEPENDS ON': '["design"]', POD: 'build-ui', FINISHED: '' });
    expect(row!['STARTED']).to.match(/^\d+[sm]/);
  });

  it('kubectl get taskspawners shows WORKSPACE, SUSPEND, PHASE, ACTIVE, DISCOVERED, TASKS and AGE', async () => {
    const out = await mustKubectl(cluster, ['get', 'ts', '-n', ns]);
    expect(out.split('\n')[0]).to.match(/^NAME\s+WORKSPACE\s+SUSPEND\s+PHASE\s+ACTIVE\s+DISCOVERED\s+TASKS\s+AGE$/);
    const [row] = parseTable(out);
    expect(row).to.include({ NAME: 'nightly', WORKSPACE: 'web', SUSPEND: 'false', PHASE: 'Running', ACTIVE: '1', DISCOVERED: '2', TASKS: '5' });
    const wide = parseTable(await mustKubectl(cluster, ['get', 'ts', '-n', ns, '-o', 'wide']));
    expect(wide[0]).to.include({ SCHEDULE: '0 3 * * *' });
  });
});
