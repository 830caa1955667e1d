/**
 * Watches the storm's namespace (Tasks, agent Pods, TaskSpawners) straight
 * from the API server (not through the fault proxy), keeps the model, and
 * checks the safety invariants on every event, as it happens.
 */
import type { WatchVerb } from '../../scripts/event-plane/apiserver-events.js';
import type { KubeHttp } from '../../scripts/event-plane/kube-http.js';
import { checkPod, checkTask, type Violation } from './invariants.js';
import { addTo, isFinal, type Model, type Phase, type TaskView } from './model.js';
import type { Trace } from './trace.js';
import { watchAll, type Watch } from './watch.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects straight off the watch, read field by field */

export interface Observer {
  checks: () => number;
  violations: Violation[];
  stop(): Promise<void>;
  synced: Promise<void>;
}

function taskView(obj: any): TaskView {
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  const view: TaskView = {
    uid: obj.metadata.uid,
    name: obj.metadata.name,
    dependsOn: spec.dependsOn ?? [],
    phase: (status.phase ?? '') as Phase,
    message: status.message ?? '',
    results: status.results ?? {},
    deleting: !!obj.metadata.deletionTimestamp,
  };
  const spawner = obj.metadata.labels?.['kelos.dev/taskspawner'];
  if (spawner) view.spawner = spawner;
  if (spec.branch) view.branchKey = `${spec.workspaceRef?.name ?? ''}:${spec.branch}`;
  if (status.podName) view.podName = status.podName;
  return view;
}

export function startObserver(o: {
  http: KubeHttp;
  namespace: string;
  model: Model;
  trace: Trace;
}): Observer {
  const { model, trace } = o;
  const violations: Violation[] = [];
  let checks = 0;
  const report = (found: Violation[]) => {
    for (const f of found) {
      violations.push(f);
      trace.note(`VIOLATION ${f.invariant}: ${f.message}`, f.subjects);
    }
  };

  const onTask = (verb: WatchVerb, obj: any) => {
    const now = taskView(obj);
    const before = model.tasks.get(now.uid);
    if (verb === 'delete') {
      if (model.taskByName.get(now.name) === now.uid) model.taskByName.delete(now.name);
      model.tasks.delete(now.uid);
      trace.note(`Task ${now.name} deleted`, [now.name]);
      return;
    }
    if (before?.finalPhase) now.finalPhase = before.finalPhase;
    else if (isFinal(now.phase)) now.finalPhase = now.phase;
    model.tasks.set(now.uid, now);
    model.taskByName.set(now.name, now.uid);
    addTo(model.uidsByName, now.name, now.uid);
    if (now.spawner) addTo(model.createdBySpawner, now.spawner, now.uid);
    if (!before || before.phase !== now.phase || before.message !== now.message)
      trace.note(`Task ${now.name} ${now.phase || '""'}${now.message ? `: ${now.message}` : ''}`, [now.name]);
    checks++;
    report(checkTask(model, before, now));
  };

  const onPod = (verb: WatchVerb, obj: any) => {
    const uid: string = obj.metadata.uid;
    const taskName: string = obj.metadata.labels?.['kelos.dev/task'] ?? '';
    const owner = (obj.metadata.ownerReferences ?? []).find((r: any) => r.kind === 'Task');
    if (verb === 'delete') {
      model.pods.delete(uid);
      trace.note(`Pod ${obj.metadata.name} deleted`, [taskName]);
      return;
    }
    const seen = model.pods.has(uid);
    model.pods.set(uid, {
      uid,
      name: obj.metadata.name,
      taskName,
      ...(owner?.uid ? { taskUid: owner.uid } : {}),
      phase: obj.status?.phase ?? '',
      deleting: !!obj.metadata.deletionTimestamp,
    });
    if (owner?.uid) addTo(model.podsOfTask, owner.uid, uid);
    if (!seen) trace.note(`Pod ${obj.metadata.name} created`, [taskName]);
    checks++;
    report(checkPod(model, owner?.uid, taskName));
  };

  const onSpawner = (verb: WatchVerb, obj: any) => {
    const name: string = obj.metadata.name;
    if (verb === 'delete') return void model.spawners.delete(name);
    const spec = obj.spec ?? {};
    model.spawners.set(name, {
      name,
      ...(spec.maxConcurrency ? { maxConcurrency: spec.maxConcurrency } : {}),
      ...(spec.maxTotalTasks ? { maxTotalTasks: spec.maxTotalTasks } : {}),
      suspend: !!spec.suspend,
      createdAt: obj.metadata.creationTimestamp,
    });
  };

  const watch = (
    apiVersion: string,
    plural: string,
    onEvent: (verb: WatchVerb, obj: any) => void,
    labelSelector?: string,
  ) =>
    watchAll({
      http: o.http,
      target: { apiVersion, plural, namespace: o.namespace, ...(labelSelector ? { labelSelector } : {}) },
      onEvent,
      onError: (m) => trace.note(`watch: ${m.slice(0, 200)}`, []),
    });
  const watchers: Watch[] = [
    watch('kelos.dev/v1alpha1', 'taskspawners', onSpawner),
    watch('kelos.dev/v1alpha1', 'tasks', onTask),
    watch('v1', 'pods', onPod, 'kelos.dev/task'),
  ];
  return {
    checks: () => checks,
    violations,
    synced: Promise.all(watchers.map((w) => w.synced)).then(() => undefined),
    stop: async () => {
      await Promise.all(watchers.map((w) => w.stop()));
    },
  };
}
