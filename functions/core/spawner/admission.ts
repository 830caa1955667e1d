/**
 * The limit arithmetic (KELOS-BEHAVIOUR §3.4 steps 4-7), over the Tasks listed
 * for a spawner plus the reservations in its ledger: a reserved Task counts as
 * active and as created until it shows up in a list.
 */
import type { Task, TaskSpawnerSpec } from '../api/types.js';
import type { Ledger } from './ledger.js';
import { taskName } from './build-task.js';
import type { WorkItem } from './work-item.js';

export function isFinished(task: Pick<Task, 'status'>): boolean {
  const phase = task.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function activeCount(tasks: readonly Task[], ledger: Ledger): number {
  const listed = new Set(tasks.map((t) => t.metadata.name ?? ''));
  const reserved = Object.keys(ledger.pending).filter((name) => !listed.has(name)).length;
  return tasks.filter((t) => !isFinished(t)).length + reserved;
}

export type LimitReason = 'maxConcurrency' | 'maxTotalTasks';

export function limitReached(spec: TaskSpawnerSpec, active: number, total: number): LimitReason | undefined {
  const maxConcurrency = spec.maxConcurrency ?? 0;
  const maxTotal = spec.maxTotalTasks ?? 0;
  if (maxConcurrency > 0 && active >= maxConcurrency) return 'maxConcurrency';
  if (maxTotal > 0 && total >= maxTotal) return 'maxTotalTasks';
  return undefined;
}

/** Items (already filtered and ordered) whose Task neither exists nor is reserved. */
export function newItems(
  spawnerName: string,
  items: readonly WorkItem[],
  tasks: readonly Task[],
  ledger: Ledger,
): WorkItem[] {
  const taken = new Set([...tasks.map((t) => t.metadata.name ?? ''), ...Object.keys(ledger.pending)]);
  const seen = new Set<string>();
  return items.filter((item) => {
    const name = taskName(spawnerName, item);
    if (taken.has(name) || seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

/** Reserves one Task name: counted as created and active from now on. */
export function reserve(ledger: Ledger, name: string, now: Date): Ledger {
  return { ...ledger, total: ledger.total + 1, pending: { ...ledger.pending, [name]: now.toISOString() } };
}

/** Gives a reservation back (the create failed, or the Task already existed). */
export function release(ledger: Ledger, name: string): Ledger {
  if (!(name in ledger.pending)) return ledger;
  const pending = { ...ledger.pending };
  delete pending[name];
  return { ...ledger, total: Math.max(ledger.total - 1, 0), pending };
}

/** Marks reservations as fulfilled: their Tasks exist, the list counts them from now on. */
export function confirm(ledger: Ledger, names: Iterable<string>): Ledger {
  const pending = { ...ledger.pending };
  for (const name of names) delete pending[name];
  return { ...ledger, pending };
}
