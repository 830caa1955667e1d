/**
 * What the storm's watch has seen so far (Tasks, Pods, TaskSpawners) and what
 * the storm itself did (Tasks and Pods it deleted, Pods it finished and with
 * what), kept by uid so re-created objects stay apart. Updated by the
 * observer; read by the invariants.
 */
export type Phase = 'Waiting' | 'Pending' | 'Running' | 'Succeeded' | 'Failed' | '';

export interface TaskView {
  uid: string;
  name: string;
  spawner?: string;
  branchKey?: string;
  dependsOn: string[];
  phase: Phase;
  message: string;
  podName?: string;
  results: Record<string, string>;
  deleting: boolean;
  /** The first final phase seen, which must never change. */
  finalPhase?: 'Succeeded' | 'Failed';
}

export interface PodView {
  uid: string;
  name: string;
  taskName: string;
  taskUid?: string;
  phase: string;
  deleting: boolean;
}

export interface PodOutcome {
  phase: 'Succeeded' | 'Failed';
  results: Record<string, string>;
}

export interface SpawnerView {
  name: string;
  maxConcurrency?: number;
  maxTotalTasks?: number;
  suspend: boolean;
  createdAt: string;
}

export interface Model {
  tasks: Map<string, TaskView>;
  /** Name → uid of the Task of that name that exists now. */
  taskByName: Map<string, string>;
  pods: Map<string, PodView>;
  /** Every Pod uid ever seen per Task uid. */
  podsOfTask: Map<string, Set<string>>;
  spawners: Map<string, SpawnerView>;
  /** Every Task uid ever seen per spawner. */
  createdBySpawner: Map<string, Set<string>>;
  /** Every Task uid ever seen per name. */
  uidsByName: Map<string, Set<string>>;
  /** Deletions the storm asked for, by Task name. */
  deletedByStorm: Map<string, number>;
  /** Pods the storm deleted before finishing them, by Pod uid. */
  podsDeletedByStorm: Set<string>;
  /** How the storm's kubelet finished each Pod, by Pod uid. */
  finished: Map<string, PodOutcome>;
}

export function emptyModel(): Model {
  return {
    tasks: new Map(),
    taskByName: new Map(),
    pods: new Map(),
    podsOfTask: new Map(),
    spawners: new Map(),
    createdBySpawner: new Map(),
    uidsByName: new Map(),
    deletedByStorm: new Map(),
    podsDeletedByStorm: new Set(),
    finished: new Map(),
  };
}

export const isFinal = (p: Phase): p is 'Succeeded' | 'Failed' => p === 'Succeeded' || p === 'Failed';

export function currentTask(model: Model, name: string): TaskView | undefined {
  const uid = model.taskByName.get(name);
  return uid ? model.tasks.get(uid) : undefined;
}

export function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
  return set;
}
