/**
 * The claude-code agent image (built here from agents/claude-code/Dockerfile)
 * on the real node, with its real kelos_entrypoint.sh and kelos-capture and a
 * stand-in `claude` (a ConfigMap script first on PATH) that prints a usage line
 * and waits:
 * - a deadline (activeDeadlineSeconds lowered on the running Pod, as a deleted
 *   Task or a Task deadline does) reaches the agent through the entrypoint (PID 1):
 *   the container ends with 143 within seconds, not 137 after the 30 s grace,
 *   and its termination message holds the outputs block with the usage;
 * - a prompt over 128 KiB delivered as launch-pod does (ConfigMap file,
 *   KELOS_PROMPT_FILE) reaches the agent whole on stdin;
 * - 200 custom results: the kubelet's termination message still holds a whole
 *   block (known keys first), the log has every line.
 * Then launch-pod and capture-outputs (as HTTP servers, driven by the test's
 * events) on the same node: an image the kubelet cannot have
 * (ErrImageNeverPull) is said on the Task and fails it after the timeout; an
 * image without the entrypoint fails its Task with the runtime's reason.
 * Skipped (with the reason) where a node cannot run.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { KubeObject } from '../../functions/core/api/kube-types.js';
import { connectKube } from '../../functions/core/k8s/connect.js';
import type { KubeClient } from '../../functions/core/k8s/rest-client.js';
import type { TaskObject } from '../../functions/core/task/objects.js';
import {
  createAdmittedTask,
  createSecret,
  getPod,
  getTask,
  sendObjectEvent,
  sendPing,
  taskObject,
} from '../integration/launch-pod/harness.js';
import { REPO_ROOT } from '../support/cluster.js';
import { startEventSink, type EventSink } from '../support/event-sink.js';
import { startFunctionServer, type FunctionServer } from '../support/functions.js';
import {
  restrictedNamespace,
  skipWithoutNode,
  startNodeRig,
  type NodeRig,
} from '../support/node/node-rig.js';
import type { Kubectl } from './kubectl.js';
import { eventually } from './world.js';

const NS = 'agent-defects';

/** The stand-in agent CLI: usage line, optional stdin size and results, then wait (or exit when told). */
const FAKE_CLAUDE = `#!/usr/bin/env node
const fs = require('node:fs');
let stdin = '';
try { if (!process.stdin.isTTY) stdin = fs.readFileSync(0, 'utf8'); } catch {}
process.on('SIGTERM', () => { console.log('fake claude: got SIGTERM'); process.exit(143); });
console.log(JSON.stringify({ type: 'result', total_cost_usd: 0.25, usage: { input_tokens: 11, output_tokens: 7 } }));
if (stdin) console.log('stdin bytes ' + Buffer.byteLength(stdin) + ' ends with ' + stdin.trim().slice(-12));
if (process.env.FAKE_RESULTS) {
  const lines = Array.from({ length: Number(process.env.FAKE_RESULTS) }, (_, i) => 'custom-' + i + ': ' + 'v'.repeat(30));
  fs.writeFileSync('/tmp/kelos-results', lines.join('\\n') + '\\n');
}
if (process.env.FAKE_EXIT !== undefined) process.exit(Number(process.env.FAKE_EXIT));
console.log('fake claude: waiting');
setInterval(() => {}, 1000);
`;

interface PodJson {
  spec: { nodeName?: string };
  status: {
    phase: string;
    reason?: string;
    containerStatuses?: {
      state: {
        running?: unknown;
        terminated?: { exitCode: number; message?: string; reason?: string; finishedAt?: string };
      };
    }[];
  };
}

describe('claude-code image on the real node: signals, prompt file, termination message', function () {
  this.timeout(180_000);
  let rig: NodeRig | undefined;
  let kubectl: Kubectl;
  let image = '';
  let tiny = '';
  let kube: KubeClient | undefined;
  let sink: EventSink | undefined;
  let launch: FunctionServer | undefined;
  let capture: FunctionServer | undefined;

  before(async function () {
    skipWithoutNode(this);
    this.timeout(1_800_000); // a changed entrypoint or capture rebuilds the image once (minutes)
    rig = await startNodeRig({ prefix: 'kelos-agent-defects-', images: ['claude-code'] });
    ({ kubectl, tiny } = rig);
    const images = rig.images;
    image = images.env['KELOS_CLAUDE_CODE_IMAGE'] ?? '';
    expect(image, 'the claude-code image').to.not.equal('');
    await restrictedNamespace(kubectl, NS);
    const fake = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'fake-claude', namespace: NS },
      data: { claude: FAKE_CLAUDE },
    };
    await kubectl(['apply', '-f', '-'], JSON.stringify(fake));

    const crds = await kubectl(['apply', '--server-side', '-f', join(REPO_ROOT, 'crds')]);
    expect(crds.code, crds.stderr).to.equal(0);
    const env = { KUBECONFIG: rig.cp.kubeconfigPath };
    kube = await connectKube(env);
    await createSecret(kube, NS, 'anthropic-api-key', { ANTHROPIC_API_KEY: 'sk-not-used' });
    sink = await startEventSink();
    const fnEnv = { ...env, K_SINK: sink.url, KELOS_WATCH_NAMESPACE: NS, ...images.env };
    launch = await startFunctionServer('launch-pod', fnEnv);
    capture = await startFunctionServer('capture-outputs', { ...fnEnv, KELOS_IMAGE_PULL_TIMEOUT: '3s' });
  });

  after(async function () {
    await launch?.stop();
    await capture?.stop();
    await sink?.stop();
    kube?.close?.();
    await rig?.stop();
  });

  const pod = async (name: string): Promise<PodJson> =>
    JSON.parse((await kubectl(['get', 'pod', name, '-n', NS, '-o', 'json'])).stdout) as PodJson;

  /** An agent Pod as launch-pod builds it (restricted, UID 61100), with the stand-in claude first on PATH. */
  async function agentPod(
    name: string,
    opts: { args?: string[]; env?: Record<string, string>; promptConfigMap?: string },
  ): Promise<void> {
    const volumes: unknown[] = [{ name: 'fake', configMap: { name: 'fake-claude', defaultMode: 0o555 } }];
    const mounts: unknown[] = [{ name: 'fake', mountPath: '/kelos/fake', readOnly: true }];
    const env = [
      { name: 'PATH', value: '/kelos/fake:/usr/local/bin:/usr/bin:/bin' },
      { name: 'KELOS_AGENT_TYPE', value: 'claude-code' },
      ...Object.entries(opts.env ?? {}).map(([n, value]) => ({ name: n, value })),
    ];
    if (opts.promptConfigMap) {
      volumes.push({ name: 'kelos-prompt', configMap: { name: opts.promptConfigMap, defaultMode: 0o444 } });
      mounts.push({ name: 'kelos-prompt', mountPath: '/kelos/prompt', readOnly: true });
      env.unshift({ name: 'KELOS_PROMPT_FILE', value: '/kelos/prompt/prompt' });
    }
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: NS },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 61100,
          runAsGroup: 61100,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        volumes,
        containers: [
          {
            name: 'claude-code',
            image,
            imagePullPolicy: 'Never',
            command: ['/kelos_entrypoint.sh'],
            ...(opts.args ? { args: opts.args } : {}),
            env,
            volumeMounts: mounts,
            terminationMessagePolicy: 'FallbackToLogsOnError',
            securityContext: {
              runAsNonRoot: true,
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
            },
          },
        ],
      },
    };
    const r = await kubectl(['apply', '-f', '-'], JSON.stringify(manifest));
    expect(r.code, r.stderr).to.equal(0);
  }

  const logs = async (name: string) => (await kubectl(['logs', name, '-n', NS])).stdout;

  async function finished(name: string) {
    return eventually(
      `Pod ${name} to finish`,
      async () => {
        const p = await pod(name);
        return p.status.containerStatuses?.[0]?.state.terminated ? p : undefined;
      },
      90_000,
    );
  }

  it('a deadline stops the agent through PID 1 in seconds: exit 143, outputs with usage in the termination message', async () => {
    await agentPod('deadline', { args: ['do the work'] });
    await eventually(
      'the stand-in agent to wait',
      async () => (await logs('deadline')).includes('fake claude: waiting'),
      90_000,
    );
    // As a Task deadline or a deleted Task does: the kubelet sends SIGTERM to the container's PID 1.
    const patch = JSON.stringify({ spec: { activeDeadlineSeconds: 1 } });
    const r = await kubectl(['patch', 'pod', 'deadline', '-n', NS, '--type=merge', '-p', patch]);
    expect(r.code, r.stderr).to.equal(0);
    const started = Date.now();
    const done = await finished('deadline');
    const stopMs = Date.now() - started;
    const t = done.status.containerStatuses![0]!.state.terminated!;
    expect(t.exitCode, JSON.stringify(t)).to.equal(143);
    // The grace period is 30 s; ignoring SIGTERM would end in SIGKILL (137) after it.
    expect(stopMs).to.be.below(20_000);
    expect(t.message).to.match(/^---KELOS_OUTPUTS_START---\n/);
    expect(t.message).to.include(
      'cost-usd: 0.25\ninput-tokens: 11\noutput-tokens: 7\n---KELOS_OUTPUTS_END---\n',
    );
    expect(await logs('deadline')).to.include('fake claude: got SIGTERM');
    expect(done.status.reason).to.equal('DeadlineExceeded');
  });

  it('a prompt over 128 KiB in a ConfigMap file (KELOS_PROMPT_FILE) reaches the agent whole on stdin', async () => {
    const prompt = `${'Long context line. '.repeat(8000)}END-7c2e`;
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big-prompt', namespace: NS },
      data: { prompt },
    };
    await kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(cm));
    await agentPod('big-prompt', { promptConfigMap: 'big-prompt', env: { FAKE_EXIT: '0' } });
    const done = await finished('big-prompt');
    expect(done.status.containerStatuses![0]!.state.terminated!.exitCode).to.equal(0);
    expect(await logs('big-prompt')).to.include(
      `stdin bytes ${Buffer.byteLength(prompt)} ends with ${prompt.slice(-12)}`,
    );
  });

  it('200 custom results: the termination message keeps a whole block within 4096 bytes, the log has them all', async () => {
    await agentPod('many-results', { args: ['p'], env: { FAKE_EXIT: '0', FAKE_RESULTS: '200' } });
    const done = await finished('many-results');
    const t = done.status.containerStatuses![0]!.state.terminated!;
    expect(t.exitCode).to.equal(0);
    const message = t.message ?? '';
    expect(Buffer.byteLength(message)).to.be.at.most(4096);
    const lines = message.split('\n');
    expect(lines[0]).to.equal('---KELOS_OUTPUTS_START---');
    expect(lines.slice(1, 4)).to.deep.equal(['cost-usd: 0.25', 'input-tokens: 11', 'output-tokens: 7']);
    expect(lines[4]).to.equal(`custom-0: ${'v'.repeat(30)}`);
    expect(message.endsWith('---KELOS_OUTPUTS_END---\n')).to.equal(true);
    const log = await logs('many-results');
    expect(log).to.include(`custom-199: ${'v'.repeat(30)}\n---KELOS_OUTPUTS_END---`);
  });
  describe('launch-pod and capture-outputs with the real kubelet', () => {
    async function launched(name: string, image: string): Promise<void> {
      const task = await createAdmittedTask(kube!, taskObject(NS, name, { image }));
      expect(await sendObjectEvent(launch!, 'add', task)).to.equal(202);
      expect(await getPod(kube!, NS, name)).to.not.equal(undefined);
    }

    /** Plays the event plane: the Pod's current state to capture-outputs (a tick when it is gone), then the Task. */
    async function followed(name: string, until: (t: TaskObject) => boolean, timeoutMs = 90_000) {
      return eventually(
        `Task ${name} to reach the expected state`,
        async () => {
          const pod = await getPod(kube!, NS, name);
          if (pod) await sendObjectEvent(capture!, 'update', pod as unknown as KubeObject);
          else await sendPing(capture!);
          const t = await getTask(kube!, NS, name);
          return t && until(t) ? t : undefined;
        },
        timeoutMs,
      );
    }

    it('an image the node cannot have: Pending saying so (ErrImageNeverPull), Failed after the timeout, Pod deleted', async () => {
      const missing = 'localhost/kelos-not-built:1';
      await launched('no-image', missing);
      const pending = await followed('no-image', (t) => (t.status?.message ?? '').startsWith('Cannot pull'));
      expect(pending.status?.phase).to.equal('Pending');
      expect(pending.status?.message).to.match(
        /^Cannot pull image "localhost\/kelos-not-built:1" for container claude-code: ErrImageNeverPull/,
      );
      const failed = await followed('no-image', (t) => t.status?.phase === 'Failed');
      expect(failed.status?.message).to.match(
        /^Task failed: image "localhost\/kelos-not-built:1" for container claude-code could not be pulled for 3s: ErrImageNeverPull/,
      );
      // Deleted (the kubelet stops trying); it stays Terminating while its Task lives (pod-tombstone.ts).
      await eventually(
        'the Pod to be deleted',
        async () => !!(await getPod(kube!, NS, 'no-image'))?.metadata.deletionTimestamp,
        60_000,
      );
    });

    it("an image without /kelos_entrypoint.sh: Failed with the exit code, reason and the runtime's words", async () => {
      await launched('no-entrypoint', tiny);
      const failed = await followed('no-entrypoint', (t) => t.status?.phase === 'Failed');
      expect(failed.status?.message).to.match(
        /^Task failed: agent container claude-code exited with code 128 \(StartError\): .*kelos_entrypoint\.sh.*no such file or directory/,
      );
      expect((failed.status?.message ?? '').length).to.be.at.most(500);
    });
  });
});
