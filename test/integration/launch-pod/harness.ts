/**
 * Shared set-up for the launch-pod and capture-outputs integration suites:
 * the real API server, both functions as real HTTP servers, a local sink
 * that records the CloudEvents they emit, and the helpers a test needs to
 * play the parts that are not here (resolve-dependencies' admission, the
 * kubelet's Pod status writes).
 */
import type { KubeObject, Stored } from '../../../functions/core/api/kube-types.js';
import type { TaskSpec, TaskStatus } from '../../../functions/core/api/types.js';
import { connectKube } from '../../../functions/core/k8s/connect.js';
import type { KubeClient } from '../../../functions/core/k8s/rest-client.js';
import { withPhase } from '../../../functions/core/task/conditions.js';
import { nextStatus } from '../../../functions/resolve-dependencies/decide.js';
import type { TaskObject } from '../../../functions/core/task/objects.js';
import type { ContainerStatus, Pod, PodStatus } from '../../../functions/core/task/pod-types.js';
import { useCluster, type Cluster } from '../../support/cluster.js';
import { apiServerRefEvent, pingEvent, postEvent, type Verb } from '../../support/cloudevents.js';
import { startEventSink, type EventSink } from '../../support/event-sink.js';
import { startFunctionServer, type FunctionServer } from '../../support/functions.js';

export { createSecret } from '../../support/create-secret.js';
export { eventually } from '../../support/eventually.js';

export interface Harness {
  cluster: Cluster;
  /** A fresh namespace; the functions' resync sweeps are limited to it (KELOS_WATCH_NAMESPACE). */
  ns: string;
  kube: KubeClient;
  launch: FunctionServer;
  capture: FunctionServer;
  sink: EventSink;
  stop(): Promise<void>;
}

export async function startHarness(nsPrefix: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Harness> {
  const cluster = await useCluster();
  await cluster.applyCrds();
  const ns = await cluster.newNamespace(nsPrefix);
  const env = { KUBECONFIG: cluster.kubeconfigPath };
  const kube = await connectKube(env);
  const sink = await startEventSink();
  const fnEnv = { ...env, K_SINK: sink.url, KELOS_WATCH_NAMESPACE: ns, ...extraEnv };
  const launch = await startFunctionServer('launch-pod', fnEnv);
  const capture = await startFunctionServer('capture-outputs', fnEnv);
  return {
    cluster,
    ns,
    kube,
    launch,
    capture,
    sink,
    async stop() {
      await launch.stop();
      await capture.stop();
      await sink.stop();
      kube.close?.();
    },
  };
}

export const TASK_API = 'kelos.dev/v1alpha1';

export async function createObject<T extends KubeObject>(kube: KubeClient, obj: T): Promise<T> {
  return kube.create<T>(obj);
}

export function taskObject(
  namespace: string,
  name: string,
  spec: Partial<TaskSpec> = {},
  labels?: Record<string, string>,
): TaskObject {
  return {
    apiVersion: TASK_API,
    kind: 'Task',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: {
      type: 'claude-code',
      prompt: 'Fix the bug',
      credentials: { type: 'api-key', secretRef: { name: 'anthropic-api-key' } },
      model: 'claude-sonnet-4-20250514',
      ...spec,
    },
  };
}

export async function getTask(
  kube: KubeClient,
  namespace: string,
  name: string,
): Promise<Stored<TaskObject> | undefined> {
  return kube.get<TaskObject>({ apiVersion: TASK_API, kind: 'Task', namespace, name });
}

export async function getPod(
  kube: KubeClient,
  namespace: string,
  name: string,
): Promise<Stored<Pod> | undefined> {
  return kube.get<Pod>({ apiVersion: 'v1', kind: 'Pod', namespace, name });
}

/** Plays resolve-dependencies: condition Admitted=True (reason GatesPassed). */
/**
 * Admits a Task as resolve-dependencies does (its own nextStatus: Admitted=True and Pending in one
 * write); `olderVersion` admits as the versions before that did (Admitted=True, phase left as it was).
 */
export async function admit(
  kube: KubeClient,
  task: Stored<TaskObject>,
  options: { olderVersion?: boolean } = {},
): Promise<Stored<TaskObject>> {
  const fresh = (await getTask(kube, task.metadata.namespace, task.metadata.name))!;
  const now = new Date();
  if (!options.olderVersion)
    return kube.replaceStatus<TaskObject>({ ...fresh, status: nextStatus(fresh, { kind: 'admit' }, now)! });
  const status: TaskStatus = { ...fresh.status };
  status.conditions = [
    ...(status.conditions ?? []).filter((c) => c.type !== 'Admitted'),
    {
      type: 'Admitted',
      status: 'True',
      reason: 'GatesPassed',
      message: 'All readiness gates passed',
      lastTransitionTime: now.toISOString(),
    },
  ];
  return kube.replaceStatus<TaskObject>({ ...fresh, status });
}

/** Creates a Task and admits it, as the upstream function would. */
export async function createAdmittedTask(
  kube: KubeClient,
  task: TaskObject,
  options: { olderVersion?: boolean } = {},
): Promise<TaskObject> {
  const created = await kube.create<TaskObject>(task);
  return admit(kube, created, options);
}

/** A Failed status written directly, as resolve-dependencies writes it for a failed dependency. */
export function failedStatus(message: string, completionTime?: string): TaskStatus {
  return { ...withPhase({}, 'Failed', message, new Date()), ...(completionTime ? { completionTime } : {}) };
}

export async function sendObjectEvent(fn: FunctionServer, verb: Verb, obj: KubeObject): Promise<number> {
  const res = await postEvent(
    fn.url,
    apiServerRefEvent(verb, obj as Parameters<typeof apiServerRefEvent>[1]),
  );
  if (res.body !== '') throw new Error(`non-empty answer body: ${res.body}`);
  return res.status;
}

export async function sendPing(fn: FunctionServer): Promise<number> {
  return (await postEvent(fn.url, pingEvent())).status;
}

/** Plays the kubelet: writes the Pod's status through pods/status. */
export async function setPodStatus(
  kube: KubeClient,
  namespace: string,
  name: string,
  status: PodStatus,
): Promise<Pod> {
  const pod = (await getPod(kube, namespace, name))!;
  return kube.replaceStatus<Pod>({ ...pod, status });
}

export function agentStatus(name: string, state: ContainerStatus['state']): ContainerStatus {
  return {
    name,
    ready: !!state?.running,
    restartCount: 0,
    image: 'example/agent:latest',
    imageID: '',
    ...(state ? { state } : {}),
  };
}

export const kubeletRunning = (type: string): PodStatus => ({
  phase: 'Running',
  startTime: new Date().toISOString(),
  containerStatuses: [agentStatus(type, { running: { startedAt: new Date().toISOString() } })],
});

export const kubeletTerminated = (type: string, exitCode: number, message?: string): PodStatus => ({
  phase: exitCode === 0 ? 'Succeeded' : 'Failed',
  startTime: new Date().toISOString(),
  containerStatuses: [
    agentStatus(type, {
      terminated: {
        exitCode,
        reason: exitCode === 0 ? 'Completed' : 'Error',
        startedAt: new Date(Date.now() - 1000).toISOString(),
        finishedAt: new Date().toISOString(),
        ...(message !== undefined ? { message } : {}),
      },
    }),
  ],
});
