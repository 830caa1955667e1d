/**
 * The three Task functions (resolve-dependencies, launch-pod, capture-outputs)
 * as real HTTP servers against the real API server, plus what a test plays
 * by hand: the event plane (ApiServerSource Reference-mode events, PingSource
 * ticks and the events the functions emit to their K_SINK, routed by the
 * Triggers of knative/ and posted as real CloudEvents with a delivery policy
 * that can duplicate, reverse or drop them) and the kubelet (Pod status writes).
 */
import { join } from 'node:path';
import { matchTrigger, type TriggerFilterSpec } from '../../../scripts/event-plane/filters.js';
import { loadTopology, type ManifestDoc, type TriggerSpec } from '../../../scripts/event-plane/manifests.js';
import { REPO_ROOT } from '../../support/cluster.js';
import { startEventSink, type EventSink } from './event-sink.js';
import type { KubeObject, Stored } from '../../../functions/core/api/kube-types.js';
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
  /** K_SINK of the three functions: what they emit (dev.kelos.task.*), for the driver to route. */
  sink: EventSink;
  /** knative/'s Triggers: which function gets which event. */
  triggers: ManifestDoc<TriggerSpec>[];
  stop(): Promise<void>;
}

export async function startLifecycle(): Promise<Lifecycle> {
  const cluster = await useCluster();
  await cluster.applyCrds();
  const sink = await startEventSink();
  const env = { KUBECONFIG: cluster.kubeconfigPath, K_SINK: sink.url };
  const kube = await connectKube(env);
  const resolve = await startFunctionServer('resolve-dependencies', env);
  const launch = await startFunctionServer('launch-pod', env);
  const capture = await startFunctionServer('capture-outputs', env);
  const { triggers } = await loadTopology(join(REPO_ROOT, 'knative'));
  return {
    cluster,
    kube,
    resolve,
    launch,
    capture,
    sink,
    triggers,
    async stop() {
      await Promise.all([resolve.stop(), launch.stop(), capture.stop()]);
      await sink.close();
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

/** The Triggers of knative/: the functions of this harness an event reaches (spawn is not run here). */
export function routeEvent(lc: Lifecycle, event: TestCloudEvent): Delivery[] {
  const { data, ...rest } = event;
  const attributes = Object.fromEntries(
    Object.entries(rest).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
  );
  const fns: Record<string, FunctionServer> = {
    'resolve-dependencies': lc.resolve,
    'launch-pod': lc.launch,
    'capture-outputs': lc.capture,
  };
  return lc.triggers
    .filter((t) => matchTrigger(t.spec as TriggerFilterSpec, { attributes, data }))
    .flatMap((t) => {
      const fn = fns[t.spec!.subscriber.ref?.name ?? ''];
      return fn ? [{ fn, event }] : [];
    });
}

/** An ApiServerSource (Reference mode) event for a change, routed by the Triggers. */
export function route(
  lc: Lifecycle,
  obj: KubeObject,
  verb: 'add' | 'update' | 'delete' = 'update',
): Delivery[] {
  return routeEvent(lc, apiServerRefEvent(verb, obj as Parameters<typeof apiServerRefEvent>[1]));
}

/** What the functions emitted since the last call, routed by the Triggers (dev.kelos.task.admitted → launch-pod, ...). */
export function routeEmitted(lc: Lifecycle): Delivery[] {
  return lc.sink.drain().flatMap((e) => routeEvent(lc, e));
}

export async function ping(lc: Lifecycle): Promise<void> {
  for (const d of routeEvent(lc, pingEvent())) await deliver(d);
}

/**
 * A change feed over one namespace: each call returns the Tasks and Pods whose
 * resourceVersion changed since the last call (what a watch would have sent),
 * with `add` for an object not seen before.
 */
export function changeFeed(
  kube: KubeClient,
  namespace: string,
): () => Promise<{ object: Stored<KubeObject>; verb: 'add' | 'update' }[]> {
  const seen = new Map<string, string>();
  return async () => {
    const objects: Stored<KubeObject>[] = [
      ...(await listTasks(kube, namespace)),
      ...(await listPods(kube, namespace)),
    ];
    return objects.flatMap((object) => {
      const id = `${object.kind}/${object.metadata.uid}`;
      const before = seen.get(id);
      if (before === object.metadata.resourceVersion) return [];
      seen.set(id, object.metadata.resourceVersion!);
      return [{ object, verb: before === undefined ? ('add' as const) : ('update' as const) }];
    });
  };
}

/** Plays the kubelet: writes the Pod's status through pods/status. */
export async function setPodStatus(
  kube: KubeClient,
  pod: Stored<Pod>,
  status: PodStatus,
): Promise<Stored<Pod>> {
  const fresh = (await getPod(kube, pod.metadata.namespace, pod.metadata.name))!;
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
