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
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connectKube } from '../functions/core/k8s/connect.js';
import { startControlPlane } from '../scripts/control-plane/control-plane.js';
import { freePorts } from '../scripts/control-plane/ports.js';
import { startFakeGitHub } from '../test/support/fake-github.js';
import { deliver, issuesPayload } from '../test/integration/github-source/payloads.js';
import { summary } from './stats.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const run = promisify(execFile);
const NS = 'bench-webhook-latency';
const SECRET = 'bench-webhook-secret';
const REPO = 'Codertocat/Hello-World';

async function controlPlane(): Promise<{ kubeconfig: string; stop: () => Promise<void> }> {
  if (process.env.KUBECONFIG) return { kubeconfig: process.env.KUBECONFIG, stop: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'kelos-bench-webhook-'));
  const cp = await startControlPlane({ dir, detached: false });
  const kubectl = (args: string[]) =>
    run(join(cp.binDir, 'kubectl'), ['--kubeconfig', cp.kubeconfigPath, ...args]);
  await kubectl(['apply', '--server-side', '-f', join(ROOT, 'crds')]);
  await kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=60s']);
  return {
    kubeconfig: cp.kubeconfigPath,
    stop: async () => (await cp.stop(), await rm(dir, { recursive: true, force: true })),
  };
}

async function startProcess(name: string, port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'functions', 'main.ts'), name], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`${name} did not become ready`);
}

export async function main(count = 200): Promise<void> {
  const cp = await controlPlane();
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
      await startProcess('spawn', spawnPort!, {
        KUBECONFIG: cp.kubeconfig,
        GITHUB_API_URL: gh.url,
        KELOS_WATCH_NAMESPACE: NS,
      }),
    );
    children.push(
      await startProcess('github-source', sourcePort!, {
        GITHUB_WEBHOOK_SECRET: SECRET,
        K_SINK: `http://127.0.0.1:${spawnPort}`,
      }),
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
