import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { useCluster, type Cluster } from '../../support/cluster.js';
import { INVALID_CASES, task, VALID_BASES } from './invalid-manifests.js';
import { dryRunCreate, mustKubectl } from './kubectl-helpers.js';

describe('CRD validation on a real API server', function () {
  this.timeout(60_000);
  let cluster: Cluster;
  let ns: string;

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await cluster.applyCrds();
    ns = await cluster.newNamespace('crd-validation');
  });

  it('has at least 25 invalid cases', () => expect(INVALID_CASES.length).to.be.at.least(25));

  for (const c of INVALID_CASES) {
    it(`rejects ${c.name}`, async () => {
      const r = await dryRunCreate(cluster, ns, c.manifest);
      expect(r.code, r.stdout).to.not.equal(0);
      for (const s of c.expect) expect(r.stderr).to.contain(s);
    });
  }

  it('accepts the valid base manifests the invalid cases are derived from', async () => {
    for (const base of VALID_BASES) {
      const r = await dryRunCreate(cluster, ns, base);
      expect(r.stderr, JSON.stringify(base)).to.equal('');
      expect(r.code).to.equal(0);
    }
  });

  it('refuses any change to an existing Task spec with "Task spec is immutable after creation"', async () => {
    const created = task({ branch: 'feature/a' }, 'immutable');
    await mustKubectl(cluster, ['create', '-n', ns, '-f', '-'], stringify(created));
    const changed = { ...created, spec: { ...(created.spec as object), prompt: 'something else' } };
    const r = await cluster.kubectl(['apply', '-n', ns, '-f', '-'], { input: stringify(changed) });
    expect(r.code).to.not.equal(0);
    expect(r.stderr).to.contain('spec: Invalid value');
    expect(r.stderr).to.contain('Task spec is immutable after creation');
    // Metadata and status stay writable.
    await mustKubectl(cluster, ['label', 'task', 'immutable', '-n', ns, 'team=a']);
    await mustKubectl(cluster, [
      'patch', 'task', 'immutable', '-n', ns, '--subresource=status', '--type=merge',
      '-p', '{"status":{"phase":"Running","usage":{"inputTokens":10,"outputTokens":5,"costUSD":"0.01"}}}',
    ]);
  });

  it('validates status written through the status subresource', async () => {
    await mustKubectl(cluster, ['create', '-n', ns, '-f', '-'], stringify(task({}, 'status-check')));
    const patch = (status: unknown) =>
      cluster.kubectl(['patch', 'task', 'status-check', '-n', ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
    const negative = await patch({ usage: { inputTokens: -1 } });
    expect(negative.code).to.not.equal(0);
    expect(negative.stderr).to.contain('status.usage.inputTokens');
    const badCondition = await patch({
      conditions: [{ type: 'Ready', status: 'Maybe', reason: 'Running', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    });
    expect(badCondition.code).to.not.equal(0);
    expect(badCondition.stderr).to.contain('status.conditions[0].status: Unsupported value: "Maybe"');
    const ok = await patch({
      observedGeneration: 1,
      conditions: [{ type: 'Succeeded', status: 'Unknown', reason: 'Running', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    });
    expect(ok.stderr).to.equal('');
    expect(ok.code).to.equal(0);
  });

  it('fills the TaskSpawner defaults (pollInterval 5m, suspend false, types [issues], state open)', async () => {
    const manifest = {
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'TaskSpawner',
      metadata: { name: 'defaults' },
      spec: {
        when: { githubIssues: {} },
        taskTemplate: { type: 'claude-code', credentials: { type: 'oauth', secretRef: { name: 's' } }, workspaceRef: { name: 'w' } },
      },
    };
    const r = await cluster.kubectl(['create', '--dry-run=server', '-n', ns, '-o', 'yaml', '-f', '-'], { input: stringify(manifest) });
    expect(r.stderr).to.equal('');
    const spec = (parse(r.stdout) as { spec: Record<string, unknown> }).spec;
    expect(spec['pollInterval']).to.equal('5m');
    expect(spec['suspend']).to.equal(false);
    expect(spec['when']).to.deep.equal({ githubIssues: { types: ['issues'], state: 'open' } });
  });
});
