/**
 * The floor: what the API server alone takes for the burst's writes on this
 * machine. On a fresh control plane with no function running, the bench
 * itself creates the same N Tasks and, for each, the Pod launch-pod would
 * build (same builder, same size), with the same concurrency.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../functions/core/api/kube-types.js';
import { connectKube } from '../../functions/core/k8s/connect.js';
import type { KubePort } from '../../functions/core/k8s/port.js';
import { buildPod } from '../../functions/launch-pod/build-pod.js';
import { readImages } from '../../functions/launch-pod/images.js';
import { ensureAgentServiceAccount } from '../../functions/launch-pod/service-account.js';
import { startControlPlane } from '../../scripts/control-plane/control-plane.js';
import { installCrds } from '../../scripts/dev/install-crds.js';
import { byVerbAndResource, diffTotals, scrapeRequestTotals } from './api-metrics.js';
import { burstTask, createBurst, SECRET_NAME } from './create-tasks.js';
import { namedProcesses, sampleAll, totalCpu } from './proc-stats.js';

export interface FloorResult {
  wallSeconds: number;
  /** Milliseconds from the clock's start until the first create returned. */
  firstCreateMs: number;
  /** How long the warm-up Task's create took (not counted; see warmUpTaskWrites). */
  warmUpMs: number;
  tasksPerSecond: number;
  apiserverCpuSeconds: number;
  /** kube-apiserver, etcd and kube-controller-manager together. */
  controlPlaneCpuSeconds: number;
  /** The bench's own process: its client's creates. */
  benchCpuSeconds: number;
  requests: { verb: string; resource: string; count: number }[];
}

export async function prepareNamespace(kube: KubePort, namespace: string): Promise<void> {
  await kube.create<KubeObject>({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  await kube.create<KubeObject>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SECRET_NAME, namespace },
    data: { ANTHROPIC_API_KEY: Buffer.from('sk-burst').toString('base64') },
  });
}

/**
 * The API server's first write of a Task within ~1 s of the CRDs' install
 * waits ~2 s (measured: 2,005-2,012 ms, then 3 ms each): creates of a new
 * custom resource are held briefly after its CRD turns Established, for HA
 * consistency (kubernetes/kubernetes#99199). The stack is long
 * past that when its burst starts (its first create returns in ~10 ms), so
 * the floor writes one Task first, in a namespace of its own, or its wall
 * time would carry that one-off wait.
 */
async function warmUpTaskWrites(kube: KubePort, namespace: string): Promise<number> {
  const warm = `${namespace}-warm-up`;
  const t = performance.now();
  await prepareNamespace(kube, warm);
  await kube.create(burstTask(warm, 'warm-up'));
  return performance.now() - t;
}

/** The control plane's processes by name, found under their supervisors. */
async function controlPlanePids(pids: Record<string, number | undefined>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const supervisor of Object.values(pids)) {
    if (supervisor === undefined) continue;
    for (const [name, pid] of await namedProcesses(supervisor, 'supervisor'))
      if (name !== 'supervisor') out.set(name, pid);
  }
  return out;
}

export async function measureFloor(o: {
  root: string;
  namespace: string;
  count: number;
  concurrency: number;
}): Promise<FloorResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kelos-burst-floor-'));
  const cp = await startControlPlane({ dir, detached: false });
  try {
    await installCrds(join(cp.binDir, 'kubectl'), cp.kubeconfigPath, join(o.root, 'crds'));
    const kube = await connectKube({ KUBECONFIG: cp.kubeconfigPath });
    await prepareNamespace(kube, o.namespace);
    await ensureAgentServiceAccount(kube, o.namespace);
    const warmUpMs = await warmUpTaskWrites(kube, o.namespace);
    const planePids = await controlPlanePids(cp.pids);
    const access = { server: cp.server, token: cp.token, caFile: cp.caFile };
    const images = readImages({});
    const before = await scrapeRequestTotals(access);
    const cpuBefore = await sampleAll(planePids);
    const benchBefore = process.cpuUsage();
    const t0 = performance.now();
    let firstCreateMs = NaN;
    await createBurst({
      kube,
      namespace: o.namespace,
      count: o.count,
      concurrency: o.concurrency,
      onCreated: async (task, at) => {
        if (Number.isNaN(firstCreateMs)) firstCreateMs = at - t0;
        await kube.create(buildPod({ task, prompt: task.spec.prompt, images }));
      },
    });
    const wallSeconds = (performance.now() - t0) / 1000;
    const bench = process.cpuUsage(benchBefore);
    const cpuAfter = await sampleAll(planePids);
    const after = await scrapeRequestTotals(access);
    kube.close();
    return {
      wallSeconds,
      firstCreateMs,
      warmUpMs,
      tasksPerSecond: o.count / wallSeconds,
      apiserverCpuSeconds:
        (cpuAfter.get('kube-apiserver')?.cpuSeconds ?? NaN) -
        (cpuBefore.get('kube-apiserver')?.cpuSeconds ?? NaN),
      controlPlaneCpuSeconds: totalCpu(cpuAfter) - totalCpu(cpuBefore),
      benchCpuSeconds: (bench.user + bench.system) / 1e6,
      requests: byVerbAndResource(diffTotals(before, after)),
    };
  } finally {
    await cp.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
