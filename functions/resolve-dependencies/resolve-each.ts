/**
 * Resolves several Tasks one after another, oldest first (so the branch
 * queue is served in creation order), isolating failures: one Task that
 * cannot be resolved must not starve the others. The first error is
 * rethrown at the end so the event is retried.
 */
import type { Task } from '../core/api/types.js';
import type { HandlerDeps } from '../core/runtime/contract.js';
import type { ResolveConfig } from './config.js';
import { resolveTask } from './resolve-task.js';

function byCreation(a: Task, b: Task): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

export async function resolveEach(deps: HandlerDeps<ResolveConfig>, tasks: readonly Task[]): Promise<void> {
  let first: unknown;
  for (const task of [...tasks].sort(byCreation)) {
    const { namespace, name } = task.metadata;
    try {
      await resolveTask({ ...deps, log: deps.log.child({ namespace, name }) }, namespace!, name!);
    } catch (err) {
      deps.log.warn('resolving Task failed', { namespace, name, err });
      first ??= err;
    }
  }
  if (first !== undefined) throw first;
}
