/**
 * The storm's invariants (DESIGN.md "Guarantees every step keeps"), pure
 * functions of the model. Safety ones run on every watch event that could
 * break them; liveness ones once the faults have stopped.
 */
import { currentTask, isFinal, type Model, type TaskView } from './model.js';

export interface Violation {
  invariant: string;
  message: string;
  /** Names of the objects involved (Tasks, `spawner:<name>`, `branch:<key>`), to cut the trace. */
  subjects: string[];
}

const v = (invariant: string, message: string, subjects: string[]): Violation => ({
  invariant,
  message,
  subjects,
});

const RANK: Record<TaskView['phase'], number> = {
  '': 0,
  Waiting: 0,
  Pending: 1,
  Running: 2,
  Succeeded: 3,
  Failed: 3,
};

/** A Task that holds its branch: it has a Pod to run or running. */
const holding = (t: TaskView) => !t.deleting && (t.phase === 'Pending' || t.phase === 'Running');
const active = (t: TaskView) => !t.deleting && !isFinal(t.phase);

/** Checks after a Task changed from `before` (undefined: first seen) to `now`. */
export function checkTask(model: Model, before: TaskView | undefined, now: TaskView): Violation[] {
  const out: Violation[] = [];
  const subjects = [now.name];
  if (before?.finalPhase && now.phase !== before.finalPhase)
    out.push(
      v(
        'final-phase-sticks',
        `Task ${now.name} went from ${before.finalPhase} to ${now.phase || '""'}`,
        subjects,
      ),
    );

  // Phases only move forward: ""/Waiting → Pending → Running → Succeeded/Failed.
  if (before && !before.finalPhase && RANK[now.phase] < RANK[before.phase])
    out.push(
      v(
        'phase-moves-forward',
        `Task ${now.name} went back from ${before.phase} to ${now.phase || '""'}`,
        subjects,
      ),
    );

  if (now.branchKey && holding(now)) {
    const others = [...model.tasks.values()].filter(
      (t) => t.uid !== now.uid && t.branchKey === now.branchKey && holding(t),
    );
    if (others.length > 0)
      out.push(
        v(
          'one-task-per-branch',
          `branch ${now.branchKey} held by ${[now, ...others].map((t) => `${t.name} (${t.phase})`).join(' and ')} at once`,
          [...subjects, ...others.map((t) => t.name), `branch:${now.branchKey}`],
        ),
      );
  }

  if (now.spawner) {
    const spawner = model.spawners.get(now.spawner);
    const mine = [...model.tasks.values()].filter((t) => t.spawner === now.spawner);
    const act = mine.filter(active);
    if (spawner?.maxConcurrency && act.length > spawner.maxConcurrency)
      out.push(
        v(
          'max-concurrency',
          `TaskSpawner ${now.spawner}: ${act.length} active Tasks (${act.map((t) => t.name).join(', ')}) > maxConcurrency ${spawner.maxConcurrency}`,
          [`spawner:${now.spawner}`, ...act.map((t) => t.name)],
        ),
      );
    const created = model.createdBySpawner.get(now.spawner)?.size ?? 0;
    if (spawner?.maxTotalTasks && created > spawner.maxTotalTasks)
      out.push(
        v(
          'max-total-tasks',
          `TaskSpawner ${now.spawner}: ${created} Tasks created > maxTotalTasks ${spawner.maxTotalTasks}`,
          [`spawner:${now.spawner}`],
        ),
      );
  }

  const uids = model.uidsByName.get(now.name)?.size ?? 0;
  const allowed = 1 + (model.deletedByStorm.get(now.name) ?? 0);
  if (uids > allowed)
    out.push(
      v(
        'one-task-per-item',
        `Task ${now.name} created ${uids} times (storm deleted it ${allowed - 1} times)`,
        subjects,
      ),
    );

  if (!before?.finalPhase && isFinal(now.phase)) out.push(...checkFinished(model, now));
  return out;
}

/** A Task just reached its final phase: it must agree with its Pod, or with its failed dependency. */
function checkFinished(model: Model, task: TaskView): Violation[] {
  const subjects = [task.name, ...task.dependsOn];
  const pods = [...(model.podsOfTask.get(task.uid) ?? [])];
  const outcome = pods.map((uid) => model.finished.get(uid)).find((o) => o !== undefined);
  if (outcome) {
    if (outcome.phase !== task.phase)
      return [
        v('outputs-reach-task', `Task ${task.name} is ${task.phase} but its Pod ${outcome.phase}`, subjects),
      ];
    const missing = Object.entries(outcome.results).filter(([k, val]) => task.results[k] !== val);
    if (missing.length > 0)
      return [
        v(
          'outputs-reach-task',
          `Task ${task.name} (${task.phase}) lacks its Pod's results ${missing.map(([k, val]) => `${k}=${val}`).join(', ')}; has ${JSON.stringify(task.results)}`,
          subjects,
        ),
      ];
    return [];
  }
  if (task.phase === 'Succeeded')
    return [
      v('succeeded-means-ran', `Task ${task.name} Succeeded but no Pod of it was ever finished`, subjects),
    ];
  const dep = /^Dependency "(.+)" failed$/.exec(task.message)?.[1];
  if (dep !== undefined) {
    const idx = task.dependsOn.indexOf(dep);
    const depTask = currentTask(model, dep);
    if (idx < 0 || (depTask && depTask.phase !== 'Failed'))
      return [
        v(
          'dependency-failure',
          `Task ${task.name}: "${task.message}" but ${dep} is ${depTask?.phase ?? 'absent'}`,
          subjects,
        ),
      ];
    const earlier = task.dependsOn.slice(0, idx).map((n) => currentTask(model, n));
    const bad = earlier.find((t) => t && t.phase !== 'Succeeded');
    if (bad)
      return [
        v(
          'dependency-failure',
          `Task ${task.name}: "${task.message}" while earlier dependency ${bad.name} is ${bad.phase}`,
          subjects,
        ),
      ];
  }
  return [];
}

/** A Pod was seen (added or changed). */
export function checkPod(model: Model, taskUid: string | undefined, taskName: string): Violation[] {
  const out: Violation[] = [];
  if (!taskUid) return out;
  const pods = model.podsOfTask.get(taskUid);
  if (pods && pods.size > 1)
    out.push(
      v('one-pod-per-task', `Task ${taskName} has had ${pods.size} Pods (${[...pods].join(', ')})`, [
        taskName,
      ]),
    );
  const task = model.tasks.get(taskUid);
  if (task && pods?.size === 1) {
    for (const name of task.dependsOn) {
      const dep = currentTask(model, name);
      if (dep && dep.phase !== 'Succeeded')
        out.push(
          v(
            'runs-only-after-deps',
            `Task ${taskName} got a Pod while its dependency ${name} is ${dep.phase || '""'}`,
            [taskName, name],
          ),
        );
    }
  }
  return out;
}

/**
 * Once the faults stopped: Tasks that can still move. A Task may rest
 * unfinished only while it waits for something that will not come: a
 * dependency that does not exist (the storm deleted it), or one (or a branch
 * holder) that itself rests unfinished.
 */
export function unsettled(model: Model): TaskView[] {
  const live = [...model.tasks.values()].filter((t) => !t.deleting && model.taskByName.get(t.name) === t.uid);
  const resting = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const t of live) {
      if (resting.has(t.name) || isFinal(t.phase) || t.phase !== 'Waiting') continue;
      const dep = /^Waiting for dependency "(.+)"( to be created)?$/.exec(t.message);
      const branch = /^Waiting for branch ".+" \((?:locked by|queued behind) (.+)\)$/.exec(t.message);
      const blocker = dep?.[1] ?? branch?.[1];
      if (blocker === undefined) continue;
      const b = currentTask(model, blocker);
      if ((dep && !b) || (b && resting.has(b.name))) {
        resting.add(t.name);
        changed = true;
      }
    }
  }
  return live.filter((t) => !isFinal(t.phase) && !resting.has(t.name));
}
