/**
 * Webhook → Task latency: signed GitHub `issues.labeled` deliveries go to
 * github-source, which forwards each as a CloudEvent straight to spawn (its
 * K_SINK), which matches the TaskSpawner, fetches the issue's comments from a
 * local GitHub stand-in and creates the Task. github-source answers GitHub
 * only after spawn answered, and spawn answers after the Task exists and the
 * spawner status is written, so the delivery round trip is an upper bound of
 * "webhook delivered → Task created". Both functions run as their own Node
 * processes; the control plane is the local one.
 *
 *   node --import tsx bench/webhook-latency.ts [deliveries=200]
 * Uses $KUBECONFIG when set (CRDs must be installed), else starts a control plane.
 * The original Kelos discovers the same issue on its next poll: 5 minutes by default.
 */
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectKube } from '../functions/core/k8s/connect.js';
import { freePorts } from '../scripts/control-plane/ports.js';
import { startFakeGitHub } from '../test/support/fake-github.js';
import { deliver, issuesPayload } from '../test/integration/github-source/payloads.js';
import { benchControlPlane, startFunctionProcess } from './support/latency-harness.js';
import { summary } from './stats.js';

const NS = 'bench-webhook-latency';
const SECRET = 'bench-webhook-secret';
const REPO = 'Codertocat/Hello-World';

export async function main(count = 200): Promise<void> {
  const cp = await benchControlPlane('webhook');
  const gh = await startFakeGitHub();
  const kube = await connectKube({ KUBECONFIG: cp.kubeconfig });
  const children: ChildProcess[] = [];
  try {
    await kube.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch(() => undefined);
    await kube.create({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Workspace',
      metadata: { name: 'ws', namespace: NS },
      spec: { repo: `https://github.com/${REPO}.git` },
    });
    await kube.create({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'TaskSpawner',
      metadata: { name: 'bench', namespace: NS },
      spec: {
        when: { githubIssues: { labels: ['kelos'] } },
        pollInterval: '24h',
        taskTemplate: {
          type: 'claude-code',
          credentials: { type: 'oauth', secretRef: { name: 'c' } },
          workspaceRef: { name: 'ws' },
          branch: 'kelos-task-{{.Number}}',
        },
      },
    });
    const [spawnPort, sourcePort] = await freePorts(2);
    children.push(
      (
        await startFunctionProcess('spawn', spawnPort!, {
          KUBECONFIG: cp.kubeconfig,
          GITHUB_API_URL: gh.url,
          KELOS_WATCH_NAMESPACE: NS,
        })
      ).child,
    );
    children.push(
      (
        await startFunctionProcess('github-source', sourcePort!, {
          GITHUB_WEBHOOK_SECRET: SECRET,
          K_SINK: `http://127.0.0.1:${spawnPort}`,
        })
      ).child,
    );
    const source = `http://127.0.0.1:${sourcePort}`;

    const send = async (n: number): Promise<number> => {
      const issue = gh.setIssue(REPO, { number: n, title: `Issue ${n}`, labels: ['kelos'] });
      const start = performance.now();
      const res = await deliver(source, 'issues', issuesPayload('labeled', issue, 'kelos'), {
        secret: SECRET,
      });
      const ms = performance.now() - start;
      if (res.status !== 202) throw new Error(`delivery ${n} answered ${res.status}: ${res.body}`);
      return ms;
    };
    for (let n = 1; n <= 5; n++) await send(100_000 + n); // warm-up: connections, JIT, caches
    const latencies: number[] = [];
    for (let n = 1; n <= count; n++) latencies.push(await send(n));

    const tasks = await kube.list('kelos.dev/v1alpha1', 'Task', NS, {
      labelSelector: 'kelos.dev/taskspawner=bench',
    });
    if (tasks.items.length !== count + 5)
      throw new Error(`expected ${count + 5} Tasks, found ${tasks.items.length}`);
    console.log(
      `webhook delivered → Task created (github-source → spawn → API server), ${count} sequential deliveries:`,
    );
    console.log(`  ${summary(latencies)}`);
    console.log(
      '  (the original Kelos picks the same issue up on its next poll: default pollInterval 5m = 300000 ms)',
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await gh.close();
    kube.close();
    await cp.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]))
  await main(Number(process.argv[2] ?? 200));
