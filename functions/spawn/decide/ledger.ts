/**
 * The spawner's capacity ledger, kept in one annotation on the TaskSpawner and
 * written with a resourceVersion precondition, so concurrent spawn replicas
 * serialise through the API server (DESIGN.md, guarantee 4):
 *  - `total`: Tasks ever created (mirrored to status.totalTasksCreated);
 *  - `active`: every Task this spawner reserved and has not yet seen finish,
 *    with the reservation time and, once created, the Task's uid;
 *  - `cronCursor`: every cron tick at or before it has had its Task.
 * Because the ledger itself holds the active set, Task lists may come from the
 * API server's watch cache (a few ms stale) without ever over-admitting: an
 * entry only leaves the set when its own Task (same uid) is seen finished or
 * gone, or when a reservation was never fulfilled.
 */
import type { Task, TaskSpawner } from '../../core/api/types.js';
import { isFinished } from '../../core/task/is-finished.js';

export const LEDGER_ANNOTATION = 'kelos.dev/spawn-ledger';
/**
 * A reservation whose Task never appeared is given back after this long; a
 * creator abandons its own reservation after half of it. Also the bound on how
 * stale a cached Task list may be before an absent Task is taken as deleted.
 * The default; spawn's config may set another (KELOS_SPAWN_RESERVATION_TTL).
 */
export const RESERVATION_TTL_MS = 60_000;

export interface Reservation {
  /** When the slot was reserved (ISO time). */
  at: string;
  /** The created Task's uid, once known. */
  uid?: string;
}

export interface Ledger {
  total: number;
  active: Record<string, Reservation>;
  cronCursor?: string;
}

function readReservation(value: unknown): Reservation | undefined {
  if (typeof value === 'string') return { at: value };
  if (!value || typeof value !== 'object') return undefined;
  const { at, uid } = value as { at?: unknown; uid?: unknown };
  if (typeof at !== 'string') return undefined;
  return typeof uid === 'string' && uid ? { at, uid } : { at };
}

export function readLedger(spawner: TaskSpawner): Ledger {
  const fromStatus = spawner.status?.totalTasksCreated ?? 0;
  const raw = spawner.metadata.annotations?.[LEDGER_ANNOTATION];
  if (!raw) return { total: fromStatus, active: {} };
  try {
    const parsed = JSON.parse(raw) as { total?: unknown; active?: unknown; cronCursor?: unknown };
    const active: Record<string, Reservation> = {};
    if (parsed.active && typeof parsed.active === 'object') {
      for (const [name, value] of Object.entries(parsed.active)) {
        const r = readReservation(value);
        if (r) active[name] = r;
      }
    }
    const ledger: Ledger = {
      total: typeof parsed.total === 'number' ? Math.max(parsed.total, 0) : fromStatus,
      active,
    };
    if (typeof parsed.cronCursor === 'string') ledger.cronCursor = parsed.cronCursor;
    return ledger;
  } catch {
    return { total: fromStatus, active: {} };
  }
}

export function serializeLedger(ledger: Ledger): string {
  const active = Object.fromEntries(
    Object.entries(ledger.active).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return JSON.stringify({
    total: ledger.total,
    active,
    ...(ledger.cronCursor ? { cronCursor: ledger.cronCursor } : {}),
  });
}

export function sameLedger(a: Ledger, b: Ledger): boolean {
  return serializeLedger(a) === serializeLedger(b);
}

/**
 * What the pass knows about Tasks: a list (maybe cached) plus consistent
 * reads of single Tasks (`null` = read and not found), which win over the list.
 */
export interface TaskView {
  listed: readonly Task[];
  observed?: ReadonlyMap<string, Task | null>;
}

/** Drops entries whose Task finished or is gone, and gives back reservations never fulfilled. */
export function pruneLedger(
  ledger: Ledger,
  view: TaskView,
  now: Date,
  ttlMs: number = RESERVATION_TTL_MS,
): Ledger {
  const listed = new Map(view.listed.map((t) => [t.metadata.name ?? '', t]));
  const active: Record<string, Reservation> = {};
  let total = ledger.total;
  for (const [name, r] of Object.entries(ledger.active)) {
    const seen = view.observed?.has(name) ? view.observed.get(name) : listed.get(name);
    const consistent = view.observed?.has(name) ?? false;
    const old = now.getTime() - Date.parse(r.at) > ttlMs;
    if (seen) {
      const uid = r.uid ?? (old ? seen.metadata.uid : undefined);
      if (uid && uid === seen.metadata.uid) {
        if (!isFinished(seen)) active[name] = { at: r.at, uid };
        continue;
      }
      active[name] = r;
      continue;
    }
    const gone = (consistent && r.uid !== undefined) || old;
    if (!gone) {
      active[name] = r;
      continue;
    }
    if (!r.uid) total = Math.max(total - 1, 0);
  }
  return { ...ledger, total, active };
}
