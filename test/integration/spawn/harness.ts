/**
 * Shared set-up for the spawn / github-source integration tests: the real API
 * server (useCluster), a namespace, the fake GitHub, spawn servers (each with
 * its own caches, like separate replicas), and small object builders.
 */
import { useCluster, type Cluster } from '../../support/cluster.js';
import { startHandlerServer, type FunctionServer } from '../../support/functions.js';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-github.js';
import { connectKube } from '../../../functions/core/k8s/connect.js';
import type { KubeClient } from '../../../functions/core/k8s/rest-client.js';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import type { Task, TaskSpawner } from '../../../functions/core/api/types.js';
import { createSpawnHandler } from '../../../functions/spawn/handler.js';
import { readConfig, type SpawnConfig } from '../../../functions/spawn/config.js';
import { createSpawnState } from '../../../functions/spawn/spawn-state.js';
import type { Source } from '../../../functions/spawn/sources/source.js';
import {
  apiServerRefEvent,
  pingEvent,
  postEvent,
  type ObjectLike,
  type TestCloudEvent,
} from '../../support/cloudevents.js';

export const REPO = 'Codertocat/Hello-World';
export const REPO_URL = 'https://github.com/Codertocat/Hello-World.git';

export interface SpawnWorld {
  cluster: Cluster;
  kube: KubeClient;
  ns: string;
  gh: FakeGitHub;
  servers: FunctionServer[];
  /** GitHub answer statuses seen by all spawn servers. */
  githubStatuses: number[];
  /** `sources` replaces the registry's list (to add a source in a test). */
  startSpawn(
    extraEnv?: NodeJS.ProcessEnv,
    now?: () => Date,
    sources?: readonly Source[],
  ): Promise<FunctionServer>;
  close(): Promise<void>;
}

export async function setUpWorld(prefix: string): Promise<SpawnWorld> {
  const cluster = await useCluster();
  await cluster.applyCrds();
  const ns = await cluster.newNamespace(prefix);
  const kube = await connectKube({ KUBECONFIG: cluster.kubeconfigPath });
  const gh = await startFakeGitHub();
  const servers: FunctionServer[] = [];
  const githubStatuses: number[] = [];
  const world: SpawnWorld = {
    cluster,
    kube,
    ns,
    gh,
    servers,
    githubStatuses,
    async startSpawn(extraEnv = {}, now, sources) {
      const env = {
        KUBECONFIG: cluster.kubeconfigPath,
        GITHUB_API_URL: gh.url,
        KELOS_WATCH_NAMESPACE: ns,
        ...extraEnv,
      };
      const state = createSpawnState({ onGitHubResponse: (r) => githubStatuses.push(r.status) });
      const server = await startHandlerServer<SpawnConfig>({
        name: 'spawn',
        controller: 'taskspawner',
        handle: createSpawnHandler(state, sources),
        readConfig,
        env,
        ...(now ? { now } : {}),
      });
      servers.push(server);
      return server;
    },
    async close() {
      await Promise.all(servers.map((s) => s.stop()));
      await gh.close();
      kube.close();
      await cluster.kubectl(['delete', 'namespace', ns, '--wait=false']);
    },
  };
  return world;
}

export function workspace(ns: string, name = 'ws', secret?: string): KubeObject {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Workspace',
    metadata: { name, namespace: ns },
    spec: { repo: REPO_URL, ...(secret ? { secretRef: { name: secret } } : {}) },
  };
}

export function secret(ns: string, name: string, data: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: ns },
    type: 'Opaque',
    stringData: data,
  };
}

export function spawner(
  ns: string,
  name: string,
  spec: Partial<TaskSpawner['spec']> & { when: TaskSpawner['spec']['when'] },
  template: Partial<TaskSpawner['spec']['taskTemplate']> = {},
): TaskSpawner & KubeObject {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'TaskSpawner',
    metadata: { name, namespace: ns },
    spec: {
      ...spec,
      taskTemplate: {
        type: 'claude-code',
        credentials: { type: 'oauth', secretRef: { name: 'claude' } },
        ...(spec.when.githubIssues ? { workspaceRef: { name: 'ws' } } : {}),
        ...template,
      },
    },
  };
}

export type TaskObj = Task & KubeObject;
export type SpawnerObj = TaskSpawner & KubeObject;

export async function tasksOf(world: SpawnWorld, spawnerName: string): Promise<TaskObj[]> {
  const list = await world.kube.list<TaskObj>('kelos.dev/v1alpha1', 'Task', world.ns, {
    labelSelector: `kelos.dev/taskspawner=${spawnerName}`,
  });
  return list.items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

export async function getSpawner(world: SpawnWorld, name: string): Promise<SpawnerObj> {
  const s = await world.kube.get<SpawnerObj>({
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'TaskSpawner',
    namespace: world.ns,
    name,
  });
  if (!s) throw new Error(`TaskSpawner ${name} not found`);
  return s;
}

export async function post(server: FunctionServer, event: TestCloudEvent): Promise<number> {
  const res = await postEvent(server.url, event);
  if (res.status >= 400) throw new Error(`spawn answered ${res.status}: ${res.body}`);
  return res.status;
}

/** The same event (a fresh copy each) to every replica at once, as a broker fan-out would. */
export function postToAll(
  replicas: readonly FunctionServer[],
  event: () => TestCloudEvent,
): Promise<number[]> {
  return Promise.all(replicas.map((r) => post(r, event())));
}

export const spawnerEvent = (s: SpawnerObj, verb: 'add' | 'update' = 'add') =>
  apiServerRefEvent(verb, s as unknown as ObjectLike);
export const taskEvent = (t: TaskObj, verb: 'add' | 'update' | 'delete' = 'update') =>
  apiServerRefEvent(verb, t as unknown as ObjectLike);
export const tick = (time: string) => ({ ...pingEvent(), time });

/** Marks a Task finished the way capture-outputs would. */
export async function finishTask(
  world: SpawnWorld,
  t: TaskObj,
  phase: 'Succeeded' | 'Failed' = 'Succeeded',
): Promise<TaskObj> {
  return world.kube.patchStatus<TaskObj>(
    { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', namespace: world.ns, name: t.metadata.name ?? '' },
    { status: { phase } },
  );
}

/**
 * Waits until the API server's watch cache has `obj`'s write. Resync ticks list
 * spawners from that cache (resourceVersion "0"), which under load lags a write
 * by a few hundred ms: a tick sent at once could miss a spawner just created or
 * resumed (in production the next tick would catch it; a test must not race).
 * Comparing resourceVersions as numbers is fine here: etcd revisions.
 */
export async function untilCached(world: SpawnWorld, obj: SpawnerObj): Promise<void> {
  const want = Number(obj.metadata.resourceVersion);
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    const list = await world.kube.list<SpawnerObj>('kelos.dev/v1alpha1', 'TaskSpawner', world.ns, {
      resourceVersion: '0',
    });
    if (Number(list.metadata?.resourceVersion) >= want) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`watch cache never reached TaskSpawner ${obj.metadata.name} at ${want}`);
}

export async function setSuspend(world: SpawnWorld, name: string, suspend: boolean): Promise<SpawnerObj> {
  return world.kube.patch<SpawnerObj>(
    { apiVersion: 'kelos.dev/v1alpha1', kind: 'TaskSpawner', namespace: world.ns, name },
    { spec: { suspend } },
  );
}
