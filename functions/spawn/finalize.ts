/**
 * Ends a pass: confirms this pass's reservations in the ledger, moves the cron
 * cursor, and writes the spawner status (KELOS-BEHAVIOUR §3.4 step 8) — each a
 * guarded write, recomputed from a fresh read on Conflict, skipped when
 * nothing changed (so our own writes do not wake us up forever).
 */
import { isConflict } from '../core/k8s/errors.js';
import { ConflictError } from '../core/runtime/errors.js';
import { activeCount, confirm } from './decide/admission.js';
import { taskName } from './decide/build-task.js';
import { pruneLedger, readLedger, sameLedger, type Ledger, type TaskView } from './decide/ledger.js';
import { advanceCronCursor } from './decide/schedule.js';
import { runningStatus, sameStatus } from './decide/spawner-status.js';
import type { WorkItem } from './decide/work-item.js';
import type { AdmitContext, AdmitResult } from './admit.js';
import {
  listSpawnerTasks,
  rereadSpawner,
  writeLedger,
  writeStatus,
  type SpawnerObject,
} from './spawner-io.js';

export interface PassFacts {
  /** Items of a full discovery (undefined for a partial pass, e.g. one webhook item). */
  discovered?: number | undefined;
  /** The time of this discovery (status.lastDiscoveryTime). */
  discoveredAt: Date;
  /** Cron ticks of this pass and the end of the window they cover. */
  cron?: { ticks: WorkItem[]; until: Date };
}

function nextLedger(
  spawner: SpawnerObject,
  view: TaskView,
  result: AdmitResult,
  facts: PassFacts,
  now: Date,
  ttlMs: number,
): Ledger {
  const ledger = pruneLedger(confirm(readLedger(spawner), result.created), view, now, ttlMs);
  if (!facts.cron) return ledger;
  const name = spawner.metadata.name;
  const names = new Set([
    ...view.listed.map((t) => t.metadata.name ?? ''),
    ...result.created.map((c) => c.name),
  ]);
  const done = (item: WorkItem): boolean => names.has(taskName(name, item)) || result.skipped.has(item.id);
  const cursor = advanceCronCursor(ledger.cronCursor, facts.cron.ticks, done, facts.cron.until);
  return cursor ? { ...ledger, cronCursor: cursor } : ledger;
}

export async function finalizePass(
  ctx: AdmitContext,
  result: AdmitResult,
  facts: PassFacts,
): Promise<SpawnerObject> {
  let spawner = result.spawner;
  let tasks = result.tasks;
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      if (spawner.spec.suspend) return spawner;
      const before = readLedger(spawner);
      const ledger = nextLedger(
        spawner,
        { listed: tasks, observed: result.observed },
        result,
        facts,
        ctx.now(),
        ctx.reservationTtlMs,
      );
      if (!sameLedger(before, ledger)) {
        spawner = await writeLedger(ctx.kube, spawner, ledger);
      }
      const status = runningStatus(spawner, {
        now: facts.discoveredAt,
        discovered: facts.discovered,
        totalCreated: ledger.total,
        active: activeCount(tasks, ledger),
      });
      if (!sameStatus(spawner.status, status)) spawner = await writeStatus(ctx.kube, spawner, status);
      return spawner;
    } catch (err) {
      if (!isConflict(err)) throw err;
      const fresh = await rereadSpawner(ctx.kube, spawner);
      if (!fresh) return spawner;
      spawner = fresh;
      tasks = await listSpawnerTasks(ctx.kube, spawner);
    }
  }
  throw new ConflictError(
    `TaskSpawner ${spawner.metadata.namespace}/${spawner.metadata.name}: status kept conflicting`,
  );
}
