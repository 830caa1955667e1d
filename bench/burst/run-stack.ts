/**
 * One burst against the local stack: N Tasks created with `concurrency`
 * workers; each Pod seen on a watch; CPU and peak RSS of every process of
 * the stack, API requests from the API server's own counters; then the check
 * that there is exactly one Pod per Task.
 */
import { API_VERSION, LABEL_TASK } from '../../functions/core/api/constants.js';
import { connectKube } from '../../functions/core/k8s/connect.js';
import type { TaskObject } from '../../functions/core/task/objects.js';
import type { Pod } from '../../functions/core/task/pod-types.js';
import { kubeHttp } from '../../scripts/event-plane/kube-http.js';
import { startObjectWatcher } from '../../scripts/event-plane/object-watcher.js';
import { percentile } from '../stats.js';
import { byVerbAndResource, diffTotals, scrapeRequestTotals, type RequestCount } from './api-metrics.js';
import { checkPods, type CreatedTask } from './check-pods.js';
import { createBurst } from './create-tasks.js';
import { prepareNamespace } from './floor.js';
import { namedProcesses, sampleAll, totalCpu } from './proc-stats.js';
import { startStackProcess } from './stack-process.js';

export const EVENT_PLANE = 'event plane (npm start process)';

export interface ProcessFigures {
  name: string;
  cpuSeconds: number;
  peakRssBytes: number;
  /** RSS just before the burst (after start-up). */
  startRssBytes: number;
}

export interface StackResult {
  wallSeconds: number;
  /** Milliseconds from the clock's start until the first create returned. */
  firstCreateMs: number;
  /** Seconds from the first create until the last create returned: the bench's own pace under the stack's load. */
  createsSeconds: number;
  tasksPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  podsSeen: number;
  /** Tasks Pending after the burst (admitted; no kubelet runs them, so none records a Pod name). */
  tasksPending: number;
  problems: string[];
  processes: ProcessFigures[];
  requests: { verb: string; resource: string; count: number }[];
  conflicts: RequestCount[];
  /** The bench's own process over the burst and the settling: its client's creates and its Pod watch. */
  benchCpuSeconds: number;
  /** Seconds from the last Pod until the stack's CPU went quiet (its work for the burst done). */
  settleSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function measureStack(o: {
  root: string;
  namespace: string;
  count: number;
  concurrency: number;
  /** Creates per second at most (create-tasks.ts); default as fast as the API server answers. */
  ratePerSecond?: number | undefined;
  stallMs?: number;
  /** Extra environment for the stack process (diagnosis: KELOS_MEMORY_LOG_MS, NODE_OPTIONS). */
  env?: NodeJS.ProcessEnv;
  nodeArgs?: string[];
}): Promise<StackResult> {
  const stack = await startStackProcess({
    root: o.root,
    ...(o.env ? { env: o.env } : {}),
    ...(o.nodeArgs ? { nodeArgs: o.nodeArgs } : {}),
  });
  try {
    const kube = await connectKube({ KUBECONFIG: stack.kubeconfig });
    await prepareNamespace(kube, o.namespace);
    const procs = await namedProcesses(stack.pid, EVENT_PLANE);
    const access = {
      server: stack.controlPlane.server,
      token: stack.controlPlane.token,
      caFile: stack.controlPlane.caFile,
    };
    const podSeen = new Map<string, number>();
    const http = await kubeHttp(stack.kubeconfig);
    const watch = startObjectWatcher({
      http,
      log: { warn: (m) => console.error(`  pod watch: ${m}`) },
      target: { apiVersion: 'v1', plural: 'pods', namespace: o.namespace, labelSelector: LABEL_TASK },
      onEvent: (verb, obj) => {
        const name = obj.metadata?.name;
        if (verb !== 'delete' && name && !podSeen.has(name)) podSeen.set(name, performance.now());
      },
    });
    await watch.synced;
    const requestsBefore = await scrapeRequestTotals(access);
    const cpuBefore = await sampleAll(procs);
    const benchBefore = process.cpuUsage();
    const createdAt = new Map<string, number>();
    const tasks: CreatedTask[] = [];
    const t0 = performance.now();
    await createBurst({
      kube,
      namespace: o.namespace,
      count: o.count,
      concurrency: o.concurrency,
      ratePerSecond: o.ratePerSecond,
      onCreated: (task, at) => {
        createdAt.set(task.metadata.name, at);
        tasks.push({ name: task.metadata.name, uid: task.metadata.uid! });
      },
    });
    const createsDone = performance.now();
    // Wait for every Pod, giving up after a stall (no new Pod for stallMs: more than a resync tick).
    let lastCount = -1;
    let lastProgress = performance.now();
    while (podSeen.size < o.count && performance.now() - lastProgress < (o.stallMs ?? 150_000)) {
      if (podSeen.size !== lastCount) {
        lastCount = podSeen.size;
        lastProgress = performance.now();
      }
      await sleep(100);
    }
    const lastPod = Math.max(...podSeen.values());
    // Settle: the functions' work for the burst (status writes after the Pods) ends when CPU goes quiet.
    const settleStart = performance.now();
    let prev = totalCpu(await sampleAll(procs));
    for (let quiet = 0; quiet < 2 && performance.now() - settleStart < 60_000;) {
      await sleep(500);
      const now = totalCpu(await sampleAll(procs));
      quiet = now - prev < 0.05 ? quiet + 1 : 0;
      prev = now;
    }
    const settleSeconds = (performance.now() - settleStart) / 1000;
    const cpuAfter = await sampleAll(procs);
    const bench = process.cpuUsage(benchBefore);
    const requestsAfter = await scrapeRequestTotals(access);
    await watch.stop();

    const pods = (await kube.list<Pod>('v1', 'Pod', o.namespace, { labelSelector: LABEL_TASK })).items;
    const listed = (await kube.list<TaskObject>(API_VERSION, 'Task', o.namespace)).items;
    kube.close();
    const latencies = [...createdAt].flatMap(([name, at]) =>
      podSeen.has(name) ? [Math.max(0, podSeen.get(name)! - at)] : [],
    );
    const wallSeconds = (lastPod - t0) / 1000;
    const delta = diffTotals(requestsBefore, requestsAfter);
    return {
      wallSeconds,
      firstCreateMs: Math.min(...createdAt.values()) - t0,
      createsSeconds: (createsDone - t0) / 1000,
      tasksPerSecond: podSeen.size / wallSeconds,
      latencyMs: {
        p50: percentile(latencies, 50),
        p90: percentile(latencies, 90),
        p99: percentile(latencies, 99),
        max: Math.max(...latencies),
      },
      podsSeen: podSeen.size,
      tasksPending: listed.filter((t) => t.status?.phase === 'Pending').length,
      problems: checkPods(tasks, pods),
      processes: [...procs.keys()].map((name) => ({
        name,
        cpuSeconds: (cpuAfter.get(name)?.cpuSeconds ?? NaN) - (cpuBefore.get(name)?.cpuSeconds ?? NaN),
        peakRssBytes: cpuAfter.get(name)?.peakRssBytes ?? NaN,
        startRssBytes: cpuBefore.get(name)?.rssBytes ?? NaN,
      })),
      requests: byVerbAndResource(delta),
      conflicts: delta.filter((r) => r.code === '409'),
      settleSeconds,
      benchCpuSeconds: (bench.user + bench.system) / 1e6,
    };
  } finally {
    await stack.stop();
  }
}
