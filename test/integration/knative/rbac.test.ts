/**
 * The RBAC in knative/ on a real API server: every grant in the README table
 * is allowed for its ServiceAccount, and nothing beyond it (checked with
 * `kubectl auth can-i --as` on a sample of verbs each role must not have).
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT, useCluster, type Cluster } from '../../support/cluster.js';

const KNATIVE = join(REPO_ROOT, 'knative');
const as = (sa: string) => `--as=system:serviceaccount:kelos-system:${sa}`;
const resourceArg = (group: string, resource: string) => {
  const [base, sub] = resource.split('/');
  return { name: group === 'core' ? base! : `${base}.${group}`, sub };
};

describe('knative/ RBAC on a real API server', function () {
  this.timeout(120_000);
  let cluster: Cluster;
  const canI = async (sa: string, verb: string, group: string, resource: string) => {
    const { name, sub } = resourceArg(group, resource);
    const r = await cluster.kubectl(['auth', 'can-i', verb, name, ...(sub ? [`--subresource=${sub}`] : []), '--all-namespaces', as(sa)]);
    return r.stdout.trim() === 'yes';
  };

  before(async () => {
    cluster = await useCluster();
    await cluster.applyCrds(); // kubectl maps tasks.kelos.dev etc. through discovery
    const files = ['00-namespace.yaml', '10-service-accounts.yaml', '20-rbac.yaml'].flatMap((f) => ['-f', join(KNATIVE, f)]);
    const r = await cluster.kubectl(['apply', '--server-side', '--field-manager=kelos-tests', ...files]);
    expect(r.code, r.stderr).to.equal(0);
  });

  it('allows every grant of the README table', async () => {
    const readme = await readFile(join(KNATIVE, 'README.md'), 'utf8');
    const rows = readme
      .slice(readme.indexOf('## RBAC'))
      .split('\n')
      .map((l) => l.split('|').map((c) => c.trim()))
      .filter((c) => c.length === 6 && c[1]!.startsWith('`kelos-'));
    expect(rows.length).to.be.greaterThan(10);
    for (const [, who, group, resources, verbs] of rows) {
      const sa = who!.replace(/`/g, '');
      for (const res of resources!.split(',').map((x) => x.trim())) {
        for (const verb of verbs!.split(',').map((x) => x.trim())) {
          expect(await canI(sa, verb, group!, res), `${sa} ${verb} ${group} ${res}`).to.equal(true);
        }
      }
    }
  });

  it('denies what no function needs', async () => {
    const denied: [string, string, string, string][] = [
      ['kelos-resolve-dependencies', 'create', 'core', 'pods'],
      ['kelos-resolve-dependencies', 'list', 'core', 'secrets'],
      ['kelos-launch-pod', 'delete', 'kelos.dev', 'tasks'],
      ['kelos-launch-pod', 'delete', 'core', 'pods'],
      ['kelos-capture-outputs', 'get', 'core', 'secrets'],
      ['kelos-capture-outputs', 'create', 'kelos.dev', 'tasks'],
      ['kelos-spawn', 'delete', 'kelos.dev', 'tasks'],
      ['kelos-spawn', 'create', 'core', 'pods'],
      ['kelos-github-source', 'get', 'kelos.dev', 'tasks'],
      ['kelos-github-source', 'get', 'core', 'secrets'],
      ['kelos-apiserver-source', 'create', 'kelos.dev', 'tasks'],
      ['kelos-apiserver-source', 'get', 'core', 'secrets'],
      ['kelos-dead-letter', 'list', 'core', 'pods'],
    ];
    for (const [sa, verb, group, res] of denied) expect(await canI(sa, verb, group, res), `${sa} ${verb} ${group} ${res}`).to.equal(false);
  });
});
