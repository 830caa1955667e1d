/**
 * The strong check of SPEC.md §3's hardening: agent Pods are created in a
 * namespace where the API server itself enforces the Pod Security
 * "restricted" profile. A deliberately weaker Pod is refused there, which
 * proves the enforcement is on.
 */
import { expect } from 'chai';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import { isKubeError } from '../../../functions/core/k8s/errors.js';
import {
  createAdmittedTask,
  createObject,
  createSecret,
  getPod,
  getTask,
  sendObjectEvent,
  startHarness,
  taskObject,
  type Harness,
} from './harness.js';

describe('launch-pod: Pod Security "restricted" (integration)', function () {
  this.timeout(60_000);
  let h: Harness;
  let ns: string;

  before(async function () {
    this.timeout(180_000);
    h = await startHarness('restricted');
    ns = h.ns;
    const r = await h.cluster.kubectl([
      'label',
      'namespace',
      ns,
      'pod-security.kubernetes.io/enforce=restricted',
      'pod-security.kubernetes.io/enforce-version=latest',
    ]);
    expect(r.code, r.stderr).to.equal(0);
  });
  after(async () => h?.stop());

  it('the namespace refuses a Pod that is not hardened', async () => {
    const weak = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'weak', namespace: ns },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    let refused: unknown;
    try {
      await h.kube.create<KubeObject>(weak);
    } catch (err) {
      refused = err;
    }
    expect(isKubeError(refused) && refused.code).to.equal(403);
    expect(String((refused as Error).message)).to.include('violates PodSecurity "restricted:latest"');
  });

  it('the fullest agent Pod (workspace, token, branch, remotes, files, plugins, MCP, overrides) is admitted', async () => {
    await createObject(h.kube, {
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Workspace',
      metadata: { name: 'ws', namespace: ns },
      spec: {
        repo: 'https://github.com/example/repo.git',
        ref: 'main',
        secretRef: { name: 'gh' },
        remotes: [{ name: 'upstream', url: 'https://github.com/up/repo.git' }],
        files: [{ path: 'CLAUDE.md', content: '# rules' }],
      },
    });
    await createObject(h.kube, {
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'AgentConfig',
      metadata: { name: 'ac', namespace: ns },
      spec: {
        agentsMD: 'be careful',
        plugins: [
          {
            name: 'team',
            skills: [{ name: 'review', content: 'x' }],
            agents: [{ name: 'critic', content: 'y' }],
          },
        ],
        mcpServers: [{ name: 'gh', type: 'http', url: 'https://mcp.example/' }],
      },
    });
    await createSecret(h.kube, ns, 'gh', { GITHUB_TOKEN: 't' });
    const task = await createAdmittedTask(
      h.kube,
      taskObject(ns, 'hardened', {
        workspaceRef: { name: 'ws' },
        agentConfigRef: { name: 'ac' },
        branch: 'feature',
        podOverrides: {
          activeDeadlineSeconds: 600,
          resources: { limits: { memory: '1Gi' } },
          env: [{ name: 'EXTRA', value: '1' }],
        },
      }),
    );
    expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(202);
    const pod = await getPod(h.kube, ns, 'hardened');
    expect(pod, 'Pod admitted under restricted').to.not.equal(undefined);
    expect(pod!.spec.initContainers!.map((c) => c.name)).to.deep.equal([
      'git-clone',
      'remote-setup',
      'branch-setup',
      'workspace-files',
      'plugin-setup',
    ]);
    expect(pod!.spec.activeDeadlineSeconds).to.equal(600);
    expect((await getTask(h.kube, ns, 'hardened'))!.status?.phase).to.equal('Pending');
  });
});
