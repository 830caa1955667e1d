/**
 * Admits work items for one spawner within its limits, safely under any number
 * of concurrent replicas: for each new item (priority order), reserve one slot
 * in the spawner's ledger with a resourceVersion-guarded write, then create the
 * Task under its deterministic name. A lost race (Conflict) re-reads and
 * recomputes; a failed or duplicate create gives the slot back.
 */
import type { Logger, OutgoingEvent } from '../core/runtime/contract.js';
import type { Task } from '../core/api/types.js';
import type { KubePort } from '../core/k8s/port.js';
import { isAlreadyExists, isConflict, isKubeError } from '../core/k8s/errors.js';
import { ConflictError, TransientError } from '../core/runtime/errors.js';
import {
  activeCount,
  limitReached,
  newItems,
  release,
  reserve,
  type LimitReason,
} from './decide/admission.js';
import { buildTask, taskName } from './decide/build-task.js';
import { pruneLedger, readLedger, type TaskView } from './decide/ledger.js';
import { renderBranch, renderPrompt, type RenderTemplate } from './decide/prompt.js';
import type { WorkItem } from './decide/work-item.js';
import { broken } from '../core/test-hooks/broken-guarantee.js';
import { spawnedEvent } from './spawned-event.js';
import {
  getSpawner,
  rereadSpawner,
  listSpawnerTasks,
  writeLedger,
  type SpawnerObject,
  type TaskObject,
} from './spawner-io.js';

export interface AdmitContext {
  kube: KubePort;
  log: Logger;
  now: () => Date;
  emit: (event: OutgoingEvent) => Promise<void>;
  /** The template renderer, loaded on first use (see spawn-env.ts). */
  loadRender: () => Promise<RenderTemplate>;
  /** How long a reservation whose Task never appeared is kept (decide/ledger.ts). */
  reservationTtlMs: number;
}

export interface AdmitResult {
  spawner: SpawnerObject;
  tasks: TaskObject[];
  /** Consistent reads of single Tasks (null = not found), which win over the list. */
  observed: Map<string, TaskObject | null>;
  created: { name: string; uid: string }[];
  /** Items dropped for this pass (template or create errors). */
  skipped: Set<string>;
  limit?: LimitReason;
}

const MAX_ROUNDS = 200;

/** Stands in for the renderer when there is no template: renderPrompt/renderBranch never call it then. */
const noRender: RenderTemplate = () => {
  throw new Error('no template to render');
};

export async function admitItems(
  ctx: AdmitContext,
  start: SpawnerObject,
  items: readonly WorkItem[],
  known: ReadonlyMap<string, TaskObject | null> = new Map(),
  listed?: Promise<TaskObject[]>,
): Promise<AdmitResult> {
  const { namespace: ns, name } = start.metadata;
  let spawner = start;
  let tasks = await (listed ?? listSpawnerTasks(ctx.kube, spawner));
  const observed = new Map(known);
  const created: { name: string; uid: string }[] = [];
  const skipped = new Set<string>();
  const view = (): TaskView => ({ listed: tasks, observed });
  const done = (limit?: LimitReason): AdmitResult => ({
    spawner,
    tasks,
    observed,
    created,
    skipped,
    ...(limit ? { limit } : {}),
  });
  const refresh = async (): Promise<boolean> => {
    const fresh = await getSpawner(ctx.kube, ns, name);
    if (!fresh) return false;
    spawner = fresh;
    tasks = await listSpawnerTasks(ctx.kube, spawner);
    return true;
  };

  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (spawner.spec.suspend || spawner.metadata.deletionTimestamp) return done();
    const ledger = pruneLedger(readLedger(spawner), view(), ctx.now(), ctx.reservationTtlMs);
    const candidates = newItems(name, items, tasks, ledger).filter((i) => !skipped.has(i.id));
    const item = candidates[0];
    if (!item) return done();
    const limit = limitReached(spawner.spec, activeCount(tasks, ledger), ledger.total);
    if (limit) return done(limit);

    const task = await taskFor(ctx, spawner, item);
    if (!task) {
      skipped.add(item.id);
      continue;
    }

    const taskNameFor = taskName(name, item);
    const reservedAt = ctx.now();
    try {
      if (!broken('spawn-reservation'))
        spawner = await writeLedger(ctx.kube, spawner, reserve(ledger, taskNameFor, reservedAt));
    } catch (err) {
      if (!isConflict(err)) throw err;
      if (!(await refresh())) return done();
      continue;
    }

    if (ctx.now().getTime() - reservedAt.getTime() > ctx.reservationTtlMs / 2) {
      // Stalled too long: another replica may soon expire this reservation; give it back and retry.
      spawner = await giveBack(ctx, spawner, taskNameFor);
      continue;
    }
    try {
      const made = await ctx.kube.create<TaskObject>(task as TaskObject);
      tasks = [...tasks.filter((t) => t.metadata.name !== taskNameFor), made];
      observed.set(taskNameFor, made);
      created.push({ name: taskNameFor, uid: made.metadata.uid ?? '' });
      ctx.log.info('created Task', { task: taskNameFor, item: item.id });
      await ctx.emit(spawnedEvent(spawner, made, item));
    } catch (err) {
      // A create whose answer was lost (reset, timeout, 5xx) may still have happened: keep the
      // reservation. The Task's appearance confirms it; otherwise pruneLedger gives it back
      // after the reservation lifetime. Giving it back now would let a created Task go uncounted.
      if (isKubeError(err) && err.transient)
        throw new TransientError(`creating Task ${ns}/${taskNameFor}`, { cause: err });
      spawner = await giveBack(ctx, spawner, taskNameFor);
      if (isAlreadyExists(err)) {
        await refresh();
        continue;
      }
      ctx.log.error('could not create Task', { task: taskNameFor, error: (err as Error).message });
      skipped.add(item.id);
    }
  }
  throw new ConflictError(`TaskSpawner ${ns}/${name}: too many concurrent updates, giving up for now`);
}

/** The Task for one item, or undefined (logged) when a template does not render. */
async function taskFor(ctx: AdmitContext, spawner: SpawnerObject, item: WorkItem): Promise<Task | undefined> {
  const template = spawner.spec.taskTemplate;
  // The default prompt and an empty branch need no template engine.
  const render = template.promptTemplate || template.branch ? await ctx.loadRender() : noRender;
  try {
    const prompt = renderPrompt(template.promptTemplate, item, render);
    const branch = renderBranch(template.branch, item, render);
    return buildTask({ spawner, item, prompt, branch });
  } catch (err) {
    ctx.log.warn('skipping work item: template failed to render', {
      item: item.id,
      error: (err as Error).message,
    });
    return undefined;
  }
}

/** Releases a reservation, re-reading on Conflict. */
async function giveBack(ctx: AdmitContext, start: SpawnerObject, name: string): Promise<SpawnerObject> {
  let spawner = start;
  for (let i = 0; i < 50; i++) {
    try {
      return await writeLedger(ctx.kube, spawner, release(readLedger(spawner), name));
    } catch (err) {
      if (!isConflict(err)) throw err;
      const fresh = await rereadSpawner(ctx.kube, spawner);
      if (!fresh) return spawner;
      spawner = fresh;
    }
  }
  throw new ConflictError(
    `TaskSpawner ${spawner.metadata.namespace}/${spawner.metadata.name}: could not release reservation ${name}`,
  );
}
