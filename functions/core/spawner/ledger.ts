/**
 * The spawner's capacity ledger, kept in one annotation on the TaskSpawner and
 * written with a resourceVersion precondition, so concurrent spawn replicas
 * serialise through the API server (DESIGN.md, guarantee 4):
 *  - `total`: Tasks ever created (mirrored to status.totalTasksCreated);
 *  - `pending`: Task names reserved but maybe not yet created, with the time of
 *    the reservation; a reservation is dropped once its Task is seen in a list,
 *    or after RESERVATION_TTL_MS (its creator died: the count is given back);
 *  - `cronCursor`: every cron tick at or before it has had its Task.
 */
import type { TaskSpawner } from '../api/types.js';

export const LEDGER_ANNOTATION = 'kelos.dev/spawn-ledger';
/** A creator abandons its reservation if it could not create within half of this. */
export const RESERVATION_TTL_MS = 120_000;

export interface Ledger {
  total: number;
  pending: Record<string, string>;
  cronCursor?: string;
}

export function readLedger(spawner: TaskSpawner): Ledger {
  const fromStatus = spawner.status?.totalTasksCreated ?? 0;
  const raw = spawner.metadata.annotations?.[LEDGER_ANNOTATION];
  if (!raw) return { total: fromStatus, pending: {} };
  try {
    const parsed = JSON.parse(raw) as Partial<Ledger>;
    const ledger: Ledger = {
      total: Math.max(typeof parsed.total === 'number' ? parsed.total : 0, 0),
      pending: parsed.pending && typeof parsed.pending === 'object' ? { ...parsed.pending } : {},
    };
    if (typeof parsed.cronCursor === 'string') ledger.cronCursor = parsed.cronCursor;
    return ledger;
  } catch {
    return { total: fromStatus, pending: {} };
  }
}

export function serializeLedger(ledger: Ledger): string {
  return JSON.stringify(ledger);
}

/**
 * Drops reservations whose Task now exists (the list counts them) and expired
 * ones whose Task never appeared (their count is given back).
 */
export function pruneLedger(ledger: Ledger, existing: ReadonlySet<string>, now: Date): Ledger {
  const pending: Record<string, string> = {};
  let total = ledger.total;
  for (const [name, at] of Object.entries(ledger.pending)) {
    if (existing.has(name)) continue;
    if (now.getTime() - Date.parse(at) > RESERVATION_TTL_MS) {
      total = Math.max(total - 1, 0);
      continue;
    }
    pending[name] = at;
  }
  return { ...ledger, total, pending };
}

export function sameLedger(a: Ledger, b: Ledger): boolean {
  return serializeLedger(a) === serializeLedger(b);
}
