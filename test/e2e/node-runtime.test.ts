/**
 * The local node (scripts/node/) on its own control plane: Pods scheduled by
 * kube-scheduler run in containerd on the kubelet, with an init container,
 * under Pod Security "restricted"; their logs reach `kubectl logs` through the
 * API server's kubelet client certificate; stop() and a killed parent both
 * leave nothing on the host. Skipped (with the reason) where a node cannot run.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { leftovers } from '../../scripts/node/host.js';
import type { NodeSettings } from '../../scripts/node/settings.js';
import { REPO_ROOT } from '../support/cluster.js';
import {
  restrictedNamespace,
  skipWithoutNode,
  startNodeRig,
  type NodeRig,
} from '../support/node/node-rig.js';
import { eventually } from './world.js';
import { kubectlRunner, type Kubectl } from './kubectl.js';

describe('local node runtime (real kubelet, containerd, runc, CNI)', function () {
  this.timeout(180_000);
  let rig: NodeRig | undefined;
  let kubectl: Kubectl;
  let tiny: string;

  before(async function () {
    skipWithoutNode(this);
    rig = await startNodeRig({ prefix: 'kelos-node-test-' });
    ({ kubectl, tiny } = rig);
  });

  after(async function () {
    await rig?.stop();
  });

  async function pod(ns: string, name: string) {
    const r = await kubectl(['get', 'pod', name, '-n', ns, '-o', 'json']);
    return JSON.parse(r.stdout) as {
      spec: { nodeName?: string };
      status: {
        phase: string;
        podIP?: string;
        initContainerStatuses?: { state: { terminated?: { exitCode: number } } }[];
        containerStatuses?: {
          state: { terminated?: { exitCode: number; message?: string; reason?: string } };
        }[];
      };
    };
  }

  it('schedules and runs a restricted Pod with an init container; logs come through the API server', async () => {
    const ns = 'restricted-node';
    await restrictedNamespace(kubectl, ns);
    const securityContext = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    };
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'agent-like', namespace: ns },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 61100,
          fsGroup: 61100,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        volumes: [{ name: 'work', emptyDir: {} }],
        initContainers: [
          {
            name: 'init',
            image: tiny,
            imagePullPolicy: 'Never',
            args: ['init ran', '0'],
            securityContext,
            volumeMounts: [{ name: 'work', mountPath: '/work' }],
          },
        ],
        containers: [
          {
            name: 'main',
            image: tiny,
            imagePullPolicy: 'Never',
            args: ['hello from the node', '3'],
            securityContext,
            volumeMounts: [{ name: 'work', mountPath: '/work' }],
          },
        ],
      },
    };
    await kubectl(['apply', '-f', '-'], JSON.stringify(manifest));
    const done = await eventually(
      'the Pod to finish',
      async () => {
        const p = await pod(ns, 'agent-like');
        return p.status.phase === 'Failed' || p.status.phase === 'Succeeded' ? p : undefined;
      },
      60_000,
    );
    expect(done.spec.nodeName).to.equal('localhost');
    expect(done.status.phase).to.equal('Failed');
    expect(done.status.podIP ?? '').to.match(/^10\.213\.\d+\.\d+$/);
    expect(done.status.initContainerStatuses?.[0]?.state.terminated?.exitCode).to.equal(0);
    const main = done.status.containerStatuses?.[0]?.state.terminated;
    expect(main?.exitCode).to.equal(3);
    expect(main?.message).to.equal('message: hello from the node');
    const logs = await kubectl(['logs', 'agent-like', '-n', ns, '-c', 'main']);
    expect(logs.stdout).to.equal('hello from the node\n');
    const initLogs = await kubectl(['logs', 'agent-like', '-n', ns, '-c', 'init']);
    expect(initLogs.stdout).to.equal('init ran\n');
  });

  it('refuses a privileged Pod in the restricted namespace (admission, before the node)', async () => {
    const r = await kubectl(
      [
        'run',
        'root-pod',
        '-n',
        'restricted-node',
        `--image=${tiny}`,
        '--image-pull-policy=Never',
        '--restart=Never',
      ],
      undefined,
      true,
    );
    expect(r.code).to.not.equal(0);
    expect(r.stderr).to.match(/violates PodSecurity "restricted/);
  });

  it('stop() leaves no process, mount, bridge, cgroup or chain of the node', async () => {
    const settings = rig!.node!.settings;
    const running = await kubectl([
      'run',
      'sleeper',
      `--image=${tiny}`,
      '--image-pull-policy=Never',
      '--restart=Never',
      '--',
      'sleeping',
      '0',
      '600',
    ]);
    void running;
    await eventually(
      'the sleeper to run',
      async () => (await pod('default', 'sleeper')).status.phase === 'Running',
      60_000,
    );
    const report = await rig!.stopNode();
    expect(report.problems).to.deep.equal([]);
    expect(await leftovers(settings)).to.deep.equal([]);
  });

  it('restores the host when the process that started the node is killed', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'test/support/node/node-child.ts')],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const started = await eventually(
      'the child node to start',
      async () => {
        if (child.exitCode !== null) throw new Error(`child exited ${child.exitCode}`);
        const line = out.split('\n').find((l) => l.startsWith('{'));
        return line
          ? (JSON.parse(line) as { settings: NodeSettings; kubeconfig: string; binDir: string; tiny: string })
          : undefined;
      },
      120_000,
    );
    const k = kubectlRunner(join(started.binDir, 'kubectl'), started.kubeconfig);
    await k([
      'run',
      'orphan',
      `--image=${started.tiny}`,
      '--image-pull-policy=Never',
      '--restart=Never',
      '--',
      'orphan',
      '0',
      '600',
    ]);
    await eventually(
      'the orphan to run',
      async () => {
        const r = await k(['get', 'pod', 'orphan', '-o', 'jsonpath={.status.phase}']);
        return r.stdout === 'Running';
      },
      60_000,
    );
    child.kill('SIGKILL');
    const left = await eventually(
      'the host to be restored',
      async () => {
        const l = await leftovers(started.settings);
        return l.length === 0 ? l : undefined;
      },
      60_000,
    ).catch(async (err: unknown) => {
      throw new Error(`${String(err)}; left: ${(await leftovers(started.settings)).join(', ')}`);
    });
    expect(left).to.deep.equal([]);
  });
});
