/**
 * When a spawner needs a discovery pass (pure): never discovered, spec changed
 * since the last status (including resume), not Running yet, pollInterval
 * elapsed, or — for cron — a tick is due past the cursor. Also where the cron
 * cursor moves: past every tick whose Task exists, never past one that does not.
 */
import type { TaskSpawner } from '../../core/api/types.js';
import { parsePollInterval } from './poll-interval.js';
import { cronTicks } from '../sources/cron-ticks.js';
import type { Ledger } from './ledger.js';
import type { WorkItem } from './work-item.js';

export function discoveryDue(spawner: TaskSpawner, now: Date): boolean {
  const status = spawner.status;
  if (!status?.lastDiscoveryTime || status.phase !== 'Running') return true;
  if (status.observedGeneration !== spawner.metadata.generation) return true;
  return now.getTime() - Date.parse(status.lastDiscoveryTime) >= parsePollInterval(spawner.spec.pollInterval);
}

/** Where cron discovery starts: after the cursor, or after the spawner's creation. */
export function cronStart(spawner: TaskSpawner, ledger: Ledger): Date | undefined {
  const from = ledger.cronCursor ?? spawner.metadata.creationTimestamp;
  return from ? new Date(from) : undefined;
}

export function cronDue(spawner: TaskSpawner, ledger: Ledger, now: Date): boolean {
  const schedule = spawner.spec.when.cron?.schedule;
  if (!schedule) return false;
  try {
    return cronTicks(schedule, cronStart(spawner, ledger), now).length > 0;
  } catch {
    return false;
  }
}

/**
 * The new cursor: the time of the last tick of an unbroken run of done ticks
 * (oldest first), or `until` when every tick is done. Never moves backwards.
 */
export function advanceCronCursor(
  current: string | undefined,
  ticks: readonly WorkItem[],
  done: (item: WorkItem) => boolean,
  until: Date,
): string | undefined {
  let cursor: string | undefined = current;
  let all = true;
  for (const tick of ticks) {
    if (!done(tick)) {
      all = false;
      break;
    }
    cursor = tick.time;
  }
  if (all) cursor = until.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (current && cursor && Date.parse(cursor) < Date.parse(current)) return current;
  return cursor;
}
