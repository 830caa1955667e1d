/**
 * Task lifecycle latency through the three Task functions, against the local
 * control plane: Task created → Pod created (resolve-dependencies admits,
 * launch-pod creates the Pod) and Pod terminated → Task Succeeded
 * (capture-outputs), as p50/p99 over many Tasks.
 *
 * The functions run as real HTTP servers, each in its own Node process
 * (`node --import tsx functions/main.ts <name>`, as a container runs it); events come from
 * a minimal event plane: a list+watch on Tasks and on Pods labelled
 * kelos.dev/task, each change POSTed at once as an ApiServerSource
 * Reference-mode CloudEvent to the functions its Trigger routes it to. The
 * benchmark plays the kubelet: when a Pod appears it writes a terminated
 * agent container with an outputs block.
 *
 *   node --import tsx bench/task-latency.ts [tasks=200] [ratePerSecond=5]
 * Uses $KUBECONFIG when set (CRDs must be installed), else starts a control plane.
 * Also prints each function's CPU seconds; KELOS_BENCH_CPU_PROFILE=<dir> writes
 * V8 CPU profiles per function process (the largest file is the main thread).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject, Stored } from '../functions/core/api/kube-types.js';
import { connectKube } from '../functions/core/k8s/connect.js';
import type { TaskObject } from '../functions/core/task/objects.js';
import type { Pod } from '../functions/core/task/pod-types.js';
import { kubeHttp } from '../scripts/event-plane/kube-http.js';
import { startObjectWatcher } from '../scripts/event-plane/object-watcher.js';
import { apiServerRefEvent, postEvent } from '../test/support/cloudevents.js';
import { freePorts } from '../scripts/control-plane/ports.js';
import { benchControlPlane, startFunctionProcess, type FunctionProcess } from './support/latency-harness.js';
import { summary } from './stats.js';

const NS = 'bench-task-latency';

/** KELOS_BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile per function process (open in Chrome DevTools). */
function profileArgs(name: string): string[] {
  const dir = process.env.KELOS_BENCH_CPU_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`] : [];
}

/** User + system CPU seconds a process has used (Linux /proc). */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? NaN) + Number(fields[12] ?? NaN)) / 100;
}

function outputsMessage(name: string): string {
  return ['---KELOS_OUTPUTS_START---', `branch: bench/${name}`, '---KELOS_OUTPUTS_END---'].join('\n');
}

export async function main(count = 200, rate = 5): Promise<void> {
  const cp = await benchControlPlane('latency');
  const env = { KUBECONFIG: cp.kubeconfig };
  const kube = await connectKube(env);
  const fns: FunctionProcess[] = [];
  const inflight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    inflight.add(p);
    void p
      .catch((err: unknown) => console.error(`  delivery failed: ${String(err)}`))
      .finally(() => inflight.delete(p));
  };
  try {
    await kube
      .create<KubeObject>({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } })
      .catch(() => undefined);
    await kube
      .create<KubeObject>({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'anthropic-api-key', namespace: NS },
        data: { ANTHROPIC_API_KEY: Buffer.from('sk-bench').toString('base64') },
      })
      .catch(() => undefined);
    const ports = await freePorts(3);
    for (const [i, n] of ['resolve-dependencies', 'launch-pod', 'capture-outputs'].entries()) {
      fns.push(await startFunctionProcess(n, ports[i]!, env, profileArgs(n)));
    }
    const [resolveFn, launch, capture] = fns;

    const createdAt = new Map<string, number>();
    const podAt = new Map<string, number>();
    const terminatedAt = new Map<string, number>();
    const succeededAt = new Map<string, number>();
    const admittedAt = new Map<string, number>();
    const send = (targets: FunctionProcess[], verb: 'add' | 'update' | 'delete', obj: KubeObject) => {
      for (const fn of targets)
        track(postEvent(fn.url, apiServerRefEvent(verb, obj as Parameters<typeof apiServerRefEvent>[1])));
    };

    const http = await kubeHttp(cp.kubeconfig);
    const log = { warn: (m: string) => console.error(`  watch: ${m}`) };
    const taskWatch = startObjectWatcher({
      http,
      log,
      target: { apiVersion: 'kelos.dev/v1alpha1', plural: 'tasks', namespace: NS },
      onEvent: (verb, obj) => {
        // A watch delivers objects as stored: named and namespaced.
        const task = obj as unknown as Stored<TaskObject>;
        const admitted = task.status?.conditions?.some((c) => c.type === 'Admitted' && c.status === 'True');
        if (admitted && !admittedAt.has(task.metadata.name))
          admittedAt.set(task.metadata.name, performance.now());
        if (task.status?.phase === 'Succeeded' && !succeededAt.has(task.metadata.name))
          succeededAt.set(task.metadata.name, performance.now());
        send([resolveFn!, launch!, capture!], verb, obj as unknown as KubeObject);
      },
    });
    const podWatch = startObjectWatcher({
      http,
      log,
      target: { apiVersion: 'v1', plural: 'pods', namespace: NS, labelSelector: 'kelos.dev/task' },
      onEvent: (verb, obj) => {
        const pod = obj as unknown as Stored<Pod>;
        const name = pod.metadata.name;
        if (verb === 'add' && !podAt.has(name)) {
          podAt.set(name, performance.now());
          // The kubelet: the agent container ran and exited 0 with its outputs.
          track(
            (async () => {
              const now = new Date().toISOString();
              const terminated = {
                exitCode: 0,
                reason: 'Completed',
                startedAt: now,
                finishedAt: now,
                message: outputsMessage(name),
              };
              await kube.replaceStatus<Pod>({
                ...pod,
                status: {
                  phase: 'Succeeded',
                  containerStatuses: [
                    {
                      name: 'claude-code',
                      ready: false,
                      restartCount: 0,
                      image: 'x',
                      imageID: '',
                      state: { terminated },
                    },
                  ],
                },
              });
              terminatedAt.set(name, performance.now());
            })(),
          );
        }
        send([capture!], verb, obj as unknown as KubeObject);
      },
    });
    await Promise.all([taskWatch.synced, podWatch.synced]);

    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      const name = `lat-${String(i).padStart(4, '0')}`;
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      track(
        kube
          .create<TaskObject>({
            apiVersion: 'kelos.dev/v1alpha1',
            kind: 'Task',
            metadata: { name, namespace: NS },
            spec: {
              type: 'claude-code',
              prompt: 'bench',
              credentials: { type: 'api-key', secretRef: { name: 'anthropic-api-key' } },
            },
          })
          .then(() => createdAt.set(name, performance.now())),
      );
    }
    const deadline = performance.now() + 120_000;
    while (succeededAt.size < count && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await Promise.allSettled([...inflight]);
    await Promise.all([taskWatch.stop(), podWatch.stop()]);

    const hop = (from: Map<string, number>, to: Map<string, number>) =>
      [...from].flatMap(([name, t]) => (to.has(name) ? [Math.max(0, to.get(name)! - t)] : []));
    console.log(
      `task lifecycle latency over ${count} Tasks created at ${rate}/s (3 function processes, watch → POST events)`,
    );
    console.log(`  Task created  → Pod created     ${summary(hop(createdAt, podAt))}`);
    console.log(
      `    of which created → Admitted (resolve-dependencies) ${summary(hop(createdAt, admittedAt))}`,
    );
    console.log(`    of which Admitted → Pod created (launch-pod)      ${summary(hop(admittedAt, podAt))}`);
    console.log(`  Pod terminated → Task Succeeded ${summary(hop(terminatedAt, succeededAt))}`);
    for (const [i, f] of fns.entries()) {
      const name = ['resolve-dependencies', 'launch-pod', 'capture-outputs'][i];
      console.log(`  CPU ${name?.padEnd(22)} ${(await cpuSeconds(f.child.pid)).toFixed(1)} s`);
    }
    if (succeededAt.size < count)
      console.log(`  WARNING: only ${succeededAt.size}/${count} Tasks reached Succeeded`);
  } finally {
    for (const f of fns) f.child.kill('SIGTERM');
    await kube.delete({ apiVersion: 'v1', kind: 'Namespace', name: NS }).catch(() => undefined);
    kube.close();
    await cp.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 5)).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
