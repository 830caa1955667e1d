/**
 * The three Task functions (resolve-dependencies, launch-pod, capture-outputs)
 * as real HTTP servers against the real API server, plus what a test plays
 * by hand: the event plane (ApiServerSource Reference-mode events and
 * PingSource ticks, posted as real CloudEvents with a delivery policy that can
 * duplicate, reverse or drop them) and the kubelet (Pod status writes).
 */
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import type { TaskSpec } from '../../../functions/core/api/types.js';
import { connectKube } from '../../../functions/core/k8s/connect.js';
import type { KubeClient } from '../../../functions/core/k8s/rest-client.js';
import type { TaskObject } from '../../../functions/core/task/objects.js';
import type { Pod, PodStatus } from '../../../functions/core/task/pod-types.js';
import { useCluster, type Cluster } from '../../support/cluster.js';
import { apiServerRefEvent, pingEvent, postEvent, type TestCloudEvent } from '../../support/cloudevents.js';
import { startFunctionServer, type FunctionServer } from '../../support/functions.js';

export const TASK_API = 'kelos.dev/v1alpha1';

export interface Lifecycle {
  cluster: Cluster;
  kube: KubeClient;
  resolve: FunctionServer;
  launch: FunctionServer;
  capture: FunctionServer;
  stop(): Promise<void>;
}

export async function startLifecycle(): Promise<Lifecycle> {
  const cluster = await useCluster();
  await cluster.applyCrds();
  const env = { KUBECONFIG: cluster.kubeconfigPath };
  const kube = await connectKube(env);
  const resolve = await startFunctionServer('resolve-dependencies', env);
  const launch = await startFunctionServer('launch-pod', env);
  const capture = await startFunctionServer('capture-outputs', env);
  return {
    cluster,
    kube,
    resolve,
    launch,
    capture,
    async stop() {
      await Promise.all([resolve.stop(), launch.stop(), capture.stop()]);
      kube.close();
    },
  };
}

export function taskObject(namespace: string, name: string, spec: Partial<TaskSpec> = {}): TaskObject {
  return {
    apiVersion: TASK_API,
    kind: 'Task',
    metadata: { name, namespace },
    spec: {
      type: 'claude-code',
      prompt: 'Fix the bug',
      credentials: { type: 'api-key', secretRef: { name: 'anthropic-api-key' } },
      ...spec,
    },
  };
}

export async function createWorkspace(kube: KubeClient, namespace: string, name: string): Promise<void> {
  await kube.create<KubeObject>({
    apiVersion: TASK_API,
    kind: 'Workspace',
    metadata: { name, namespace },
    spec: { repo: 'https://github.com/example-org/example-repo.git', ref: 'main' },
  });
}

export const getTask = (kube: KubeClient, namespace: string, name: string) =>
  kube.get<TaskObject>({ apiVersion: TASK_API, kind: 'Task', namespace, name });
export const getPod = (kube: KubeClient, namespace: string, name: string) =>
  kube.get<Pod>({ apiVersion: 'v1', kind: 'Pod', namespace, name });
export const listPods = async (kube: KubeClient, namespace: string) =>
  (await kube.list<Pod>('v1', 'Pod', namespace, { labelSelector: 'kelos.dev/task' })).items;
export const listTasks = async (kube: KubeClient, namespace: string) =>
  (await kube.list<TaskObject>(TASK_API, 'Task', namespace)).items;

/** One event for a function, as the broker would route it. */
export interface Delivery {
  fn: FunctionServer;
  event: TestCloudEvent;
}

/** Posts one event and checks the answer is an empty 2xx (anything else is a bug here). */
export async function deliver({ fn, event }: Delivery): Promise<void> {
  const res = await postEvent(fn.url, event);
  if (res.status >= 300 || res.body !== '')
    throw new Error(`${event.type} ${String(event.subject)} → ${res.status} ${res.body}`);
}

/** The Triggers: Task events go to all three functions, Pod events to capture-outputs. */
export function route(
  lc: Lifecycle,
  obj: KubeObject,
  verb: 'add' | 'update' | 'delete' = 'update',
): Delivery[] {
  const event = () => apiServerRefEvent(verb, obj as Parameters<typeof apiServerRefEvent>[1]);
  if (obj.kind === 'Pod') return [{ fn: lc.capture, event: event() }];
  return [lc.resolve, lc.launch, lc.capture].map((fn) => ({ fn, event: event() }));
}

export async function ping(lc: Lifecycle): Promise<void> {
  for (const fn of [lc.resolve, lc.launch, lc.capture]) await deliver({ fn, event: pingEvent() });
}

/**
 * A change feed over one namespace: each call returns the Tasks and Pods whose
 * resourceVersion changed since the last call (what a watch would have sent).
 */
export function changeFeed(kube: KubeClient, namespace: string): () => Promise<KubeObject[]> {
  const seen = new Map<string, string>();
  return async () => {
    const objects: KubeObject[] = [
      ...(await listTasks(kube, namespace)),
      ...(await listPods(kube, namespace)),
    ];
    return objects.filter((o) => {
      const id = `${o.kind}/${o.metadata.uid}`;
      if (seen.get(id) === o.metadata.resourceVersion) return false;
      seen.set(id, o.metadata.resourceVersion!);
      return true;
    });
  };
}

/** Plays the kubelet: writes the Pod's status through pods/status. */
export async function setPodStatus(kube: KubeClient, pod: Pod, status: PodStatus): Promise<Pod> {
  const fresh = (await getPod(kube, pod.metadata.namespace!, pod.metadata.name!))!;
  return kube.replaceStatus<Pod>({ ...fresh, status });
}

/** A terminated agent container whose termination message carries the output markers. */
export function terminatedStatus(container: string, exitCode: number, outputs: string[]): PodStatus {
  const message = ['---KELOS_OUTPUTS_START---', ...outputs, '---KELOS_OUTPUTS_END---'].join('\n');
  const now = new Date().toISOString();
  return {
    phase: exitCode === 0 ? 'Succeeded' : 'Failed',
    startTime: now,
    containerStatuses: [
      {
        name: container,
        ready: false,
        restartCount: 0,
        image: 'example/agent:latest',
        imageID: '',
        state: {
          terminated: {
            exitCode,
            reason: exitCode === 0 ? 'Completed' : 'Error',
            startedAt: now,
            finishedAt: now,
            message,
          },
        },
      },
    ],
  };
}
