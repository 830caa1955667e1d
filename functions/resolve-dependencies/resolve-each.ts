/**
 * Resolves several Tasks one after another, oldest first (so the branch
 * queue is served in creation order), isolating failures: one Task that
 * cannot be resolved must not starve the others. The first error is
 * rethrown at the end so the event is retried.
 */
import type { Task } from '../core/api/types.js';
import { byCreation } from '../core/branch-lock/queue.js';
import type { HandlerDeps } from '../core/runtime/contract.js';
import type { ResolveConfig } from './config.js';
import { resolveTask } from './resolve-task.js';

/**
 * `all`: every Task of the namespaces concerned, as listed by the caller; each
 * Task's gates read its namespace from it instead of listing once per Task.
 */
export async function resolveEach(
  deps: HandlerDeps<ResolveConfig>,
  tasks: readonly Task[],
  all: readonly Task[],
): Promise<void> {
  const byNamespace = new Map<string, Task[]>();
  for (const t of all)
    byNamespace.set(t.metadata.namespace!, [...(byNamespace.get(t.metadata.namespace!) ?? []), t]);
  const listed = (namespace: string) => byNamespace.get(namespace) ?? [];
  let first: unknown;
  for (const task of [...tasks].sort(byCreation)) {
    const { namespace, name } = task.metadata;
    try {
      await resolveTask(
        { ...deps, log: deps.log.child({ namespace, name }) },
        namespace!,
        name!,
        listed(namespace!),
      );
    } catch (err) {
      deps.log.warn('resolving Task failed', { namespace, name, err });
      first ??= err;
    }
  }
  if (first !== undefined) throw first;
}
