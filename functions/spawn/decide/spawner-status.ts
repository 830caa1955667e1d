/**
 * TaskSpawner status (KELOS-BEHAVIOUR §3.4 steps 2 and 8): phase, counts,
 * message and the Suspended / TaskBudgetExhausted conditions, each carrying
 * observedGeneration. lastTransitionTime only moves when a condition's status does.
 */
import type { Condition } from '../../core/api/kube-types.js';
import type { TaskSpawner, TaskSpawnerStatus } from '../../core/api/types.js';

type NewCondition = Omit<Condition, 'lastTransitionTime' | 'observedGeneration'>;

export function setCondition(
  conditions: readonly Condition[] | undefined,
  next: NewCondition,
  opts: { now: Date; generation?: number | undefined },
): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const old = i >= 0 ? list[i] : undefined;
  const condition: Condition = {
    ...next,
    lastTransitionTime:
      old && old.status === next.status
        ? old.lastTransitionTime
        : opts.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  if (opts.generation !== undefined) condition.observedGeneration = opts.generation;
  if (i >= 0) list[i] = condition;
  else list.push(condition);
  return list;
}

export function suspendedStatus(spawner: TaskSpawner, now: Date): TaskSpawnerStatus {
  const generation = spawner.metadata.generation;
  const status: TaskSpawnerStatus = { ...spawner.status, phase: 'Suspended', message: 'Suspended by user' };
  status.conditions = setCondition(
    spawner.status?.conditions,
    {
      type: 'Suspended',
      status: 'True',
      reason: 'UserSuspended',
      message: 'TaskSpawner is suspended by user',
    },
    { now, generation },
  );
  if (generation !== undefined) status.observedGeneration = generation;
  return status;
}

export interface RunningFacts {
  now: Date;
  /** Items found by a full discovery; undefined for a partial pass (one webhook item). */
  discovered?: number | undefined;
  totalCreated: number;
  active: number;
}

export function runningStatus(spawner: TaskSpawner, facts: RunningFacts): TaskSpawnerStatus {
  const { now, discovered, totalCreated, active } = facts;
  const generation = spawner.metadata.generation;
  const status: TaskSpawnerStatus = { ...spawner.status, phase: 'Running' };
  if (discovered !== undefined) {
    status.totalDiscovered = discovered;
    status.lastDiscoveryTime = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  status.totalTasksCreated = totalCreated;
  status.activeTasks = active;
  status.message = `Discovered ${status.totalDiscovered ?? 0} items, created ${totalCreated} tasks total`;
  let conditions = setCondition(
    spawner.status?.conditions,
    { type: 'Suspended', status: 'False', reason: 'Running', message: 'TaskSpawner is running' },
    { now, generation },
  );
  const max = spawner.spec.maxTotalTasks ?? 0;
  conditions = setCondition(
    conditions,
    max > 0 && totalCreated >= max
      ? {
          type: 'TaskBudgetExhausted',
          status: 'True',
          reason: 'BudgetReached',
          message: `Total tasks created (${totalCreated}) has reached maxTotalTasks (${max})`,
        }
      : {
          type: 'TaskBudgetExhausted',
          status: 'False',
          reason: 'BudgetAvailable',
          message: 'Task budget has not been exhausted',
        },
    { now, generation },
  );
  status.conditions = conditions;
  if (generation !== undefined) status.observedGeneration = generation;
  return status;
}

export function pendingStatus(spawner: TaskSpawner, message: string): TaskSpawnerStatus {
  const status: TaskSpawnerStatus = { ...spawner.status, phase: spawner.status?.phase ?? 'Pending', message };
  if (!spawner.status?.phase || spawner.status.phase === 'Suspended') status.phase = 'Pending';
  return status;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** Deep equality regardless of key order (the API server reorders keys). */
export function sameStatus(a: TaskSpawnerStatus | undefined, b: TaskSpawnerStatus): boolean {
  return JSON.stringify(canonical(a ?? {})) === JSON.stringify(canonical(b));
}
