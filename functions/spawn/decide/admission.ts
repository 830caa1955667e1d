/**
 * The limit arithmetic (KELOS-BEHAVIOUR §3.4 steps 4-7) over the spawner's
 * ledger: every Task it reserved and has not seen finish counts as active,
 * plus any other unfinished Task carrying its label (made by hand, say).
 */
import type { Task, TaskSpawnerSpec } from '../../core/api/types.js';
import { isFinished } from '../../core/task/is-finished.js';
import type { Ledger } from './ledger.js';
import { taskName } from './build-task.js';
import type { WorkItem } from './work-item.js';

export function activeCount(tasks: readonly Task[], ledger: Ledger): number {
  const others = tasks.filter((t) => !isFinished(t) && !((t.metadata.name ?? '') in ledger.active)).length;
  return Object.keys(ledger.active).length + others;
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
  const taken = new Set([...tasks.map((t) => t.metadata.name ?? ''), ...Object.keys(ledger.active)]);
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
  return {
    ...ledger,
    total: ledger.total + 1,
    active: { ...ledger.active, [name]: { at: now.toISOString() } },
  };
}

/** Gives back a reservation that was not fulfilled (the create failed, or the name was taken). */
export function release(ledger: Ledger, name: string): Ledger {
  const r = ledger.active[name];
  if (!r || r.uid) return ledger;
  const active = { ...ledger.active };
  delete active[name];
  return { ...ledger, total: Math.max(ledger.total - 1, 0), active };
}

/** Records the uids of Tasks this pass created, so only their own finish releases the slot. */
export function confirm(ledger: Ledger, created: readonly { name: string; uid: string }[]): Ledger {
  const active = { ...ledger.active };
  for (const { name, uid } of created) {
    const r = active[name];
    if (r && !r.uid && uid) active[name] = { at: r.at, uid };
  }
  return { ...ledger, active };
}
