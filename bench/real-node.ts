/**
 * The local node (scripts/node/) under the whole local stack: node start time
 * cold (empty image store: pause, git and claude-code imported) and warm
 * (store kept), the node's idle memory, and for Tasks run one after another
 * by the real claude-code CLI against the scripted model:
 *   Task created → agent container running, and
 *   agent container terminated → Task Succeeded,
 * each seen by polling the API server every 25 ms (timestamps in Kubernetes
 * objects have one-second resolution), as p50/p99.
 *
 *   node --import tsx bench/real-node.ts [tasks=20]
 * Linux + root only; builds or reuses the images (scripts/images/).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../functions/core/api/kube-types.js';
import { connectKube } from '../functions/core/k8s/connect.js';
import { startGitServer } from '../scripts/dev/git-server.js';
import { startLocalStack } from '../scripts/dev/local-stack.js';
import { commitAndPushCommand, podModelWiring } from '../scripts/dev/pod-model.js';
import { startControlPlane } from '../scripts/control-plane/control-plane.js';
import { localImages } from '../scripts/node/local-images.js';
import { nodeSupport, startNode, type LocalNode } from '../scripts/node/node.js';
import { startModelServer } from '../test/support/model-server.js';
import { FINAL_TEXT } from '../test/support/model-server-script.js';
import { summary } from './stats.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const NS = 'bench-real-node';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The process a supervise.sh wrapper runs (its only child), else the pid itself. */
async function supervised(pid: number): Promise<number> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const first = Number(children.trim().split(/\s+/)[0]);
  return Number.isInteger(first) && first > 0 ? first : pid;
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Node start cold (image store emptied) and warm, and idle memory, on a control plane of its own. */
async function nodeStart(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kelos-bench-node-'));
  const cp = await startControlPlane({ dir: join(dir, 'cp'), detached: false });
  try {
    const images = await localImages(process.env, () => undefined, ['git', 'claude-code']);
    const start = () => startNode({ controlPlane: cp, dir: join(dir, 'node'), images, log: () => undefined });
    let node: LocalNode = await start();
    await node.stop();
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) {
      await rm(node.settings.cacheDir, { recursive: true, force: true });
      node = await start();
      cold.push(node.startedMs);
      await node.stop();
      node = await start();
      warm.push(node.startedMs);
      if (i < 2) await node.stop();
    }
    console.log(`node start, cold (empty image store; pause + git + claude-code imported): ${summary(cold)}`);
    console.log(`node start, warm (image store kept):                                      ${summary(warm)}`);
    await sleep(10_000);
    const parts = {
      kubelet: node.pids.kubelet,
      containerd: node.pids.containerd,
      'kube-scheduler': node.pids.scheduler,
    };
    const mem: string[] = [];
    for (const [name, pid] of Object.entries(parts))
      mem.push(`${name} ${(await rssMiB(await supervised(pid))).toFixed(0)} MiB`);
    console.log(`idle memory (RSS, 10 s after start, no Pods): ${mem.join(', ')}`);
    await node.stop();
  } finally {
    await cp.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

interface PodStatus extends KubeObject {
  status?: { containerStatuses?: { name: string; state?: { running?: object; terminated?: object } }[] };
}
interface TaskStatus extends KubeObject {
  status?: { phase?: string; podName?: string };
}

/** Task latencies on the real node through the whole local stack. */
async function taskLatency(count: number): Promise<void> {
  const stateDir = await mkdtemp(join(tmpdir(), 'kelos-bench-stack-'));
  const env: NodeJS.ProcessEnv = { ...process.env, KELOS_RESYNC_SECONDS: '30' };
  delete env.KUBECONFIG;
  const stack = await startLocalStack({
    root: ROOT,
    stateDir,
    env,
    node: 'on',
    nodeImages: ['git', 'claude-code'],
    log: () => undefined,
  });
  const gateway = stack.node.node!.settings.gateway;
  const git = await startGitServer({ root: join(stateDir, 'git'), host: gateway, token: 'bench-token' });
  const model = await startModelServer({
    host: gateway,
    script: [
      { kind: 'shell', command: commitAndPushCommand('BENCH.md', 'bench', 'Bench commit') },
      { kind: 'text', text: FINAL_TEXT },
    ],
  });
  try {
    const repo = await git.createRepo('bench', { 'README.md': '# bench\n' });
    const kube = await connectKube({ KUBECONFIG: stack.cluster.kubeconfigPath });
    const wiring = podModelWiring('claude-code', model.url);
    const create = (o: object) => kube.create<KubeObject>(o as KubeObject);
    await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'git', namespace: NS },
      stringData: { GITHUB_TOKEN: 'bench-token' },
    });
    await create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'model', namespace: NS },
      stringData: { [wiring.credentialKey]: 'bench-key' },
    });
    await create({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Workspace',
      metadata: { name: 'bench', namespace: NS },
      spec: { repo, ref: 'main', secretRef: { name: 'git' } },
    });
    for (
      let i = 0;
      i < 50 &&
      !(await kube.get({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: NS, name: 'default' }));
      i++
    )
      await sleep(100);
    const toRunning: number[] = [];
    const toSucceeded: number[] = [];
    const total: number[] = [];
    // One warm-up Task (first use of the image on this node), not counted.
    for (let i = -1; i < count; i++) {
      const name = `bench-${i + 1}`;
      const t0 = Date.now();
      await create({
        apiVersion: 'kelos.dev/v1alpha1',
        kind: 'Task',
        metadata: { name, namespace: NS },
        spec: {
          type: 'claude-code',
          model: wiring.model,
          prompt: 'Commit a bench file.',
          credentials: { type: 'api-key', secretRef: { name: 'model' } },
          workspaceRef: { name: 'bench' },
          branch: `bench/${name}`,
          podOverrides: { env: wiring.env },
        },
      });
      let running: number | undefined;
      let terminated: number | undefined;
      let done: number | undefined;
      let phase = '';
      while (done === undefined && Date.now() - t0 < 300_000) {
        if (terminated === undefined) {
          const pod = await kube.get<PodStatus>({ apiVersion: 'v1', kind: 'Pod', namespace: NS, name });
          const agent = pod?.status?.containerStatuses?.find((c) => c.name === 'claude-code');
          if (running === undefined && (agent?.state?.running || agent?.state?.terminated))
            running = Date.now();
          if (agent?.state?.terminated) terminated = Date.now();
        }
        if (terminated !== undefined) {
          const task = await kube.get<TaskStatus>({
            apiVersion: 'kelos.dev/v1alpha1',
            kind: 'Task',
            namespace: NS,
            name,
          });
          phase = task?.status?.phase ?? '';
          if (phase === 'Succeeded' || phase === 'Failed') done = Date.now();
        }
        if (done === undefined) await sleep(25);
      }
      if (phase !== 'Succeeded' || running === undefined || terminated === undefined || done === undefined)
        throw new Error(`Task ${name} did not succeed (phase ${phase || 'none'})`);
      if (i >= 0) {
        toRunning.push(running - t0);
        toSucceeded.push(done - terminated);
        total.push(done - t0);
      }
    }
    console.log(`Task created → agent container running: ${summary(toRunning)}`);
    console.log(`agent exit → Task Succeeded:            ${summary(toSucceeded)}`);
    console.log(`Task created → Succeeded (whole run):   ${summary(total)}`);
  } finally {
    await model.stop();
    await git.stop();
    await stack.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

export async function main(count = 20): Promise<void> {
  const support = nodeSupport();
  if (!support.ok) {
    console.log(`(skipped: no local node here: ${support.reason})`);
    return;
  }
  await nodeStart();
  await taskLatency(count);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(Number(process.argv[2] ?? 20)).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
