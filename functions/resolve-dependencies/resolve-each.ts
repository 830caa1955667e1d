/**
 * Resolves several Tasks one after another, oldest first (so the branch
 * queue is served in creation order), through the one sweep and its error
 * policy (core/runtime/sweep.ts): one Task that cannot be resolved must not
 * starve the others; a retriable failure makes the event redelivered.
 */
import type { Stored } from '../core/api/kube-types.js';
import type { Task } from '../core/api/types.js';
import { byCreation } from '../core/branch-lock/queue.js';
import type { HandlerDeps } from '../core/runtime/contract.js';
import { sweepObjects } from '../core/runtime/sweep.js';
import type { ResolveConfig } from './config.js';
import { resolveTask } from './resolve-task.js';

/**
 * `all`: every Task of the namespaces concerned, as listed by the caller; each
 * Task's gates read its namespace from it instead of listing once per Task.
 */
export async function resolveEach(
  deps: HandlerDeps<ResolveConfig>,
  tasks: readonly Stored<Task>[],
  all: readonly Stored<Task>[],
): Promise<void> {
  const byNamespace = new Map<string, Stored<Task>[]>();
  // Appended in place: copying the list per Task was quadratic (10,000 Tasks in one namespace).
  for (const t of all) {
    const list = byNamespace.get(t.metadata.namespace);
    if (list) list.push(t);
    else byNamespace.set(t.metadata.namespace, [t]);
  }
  const listed = (namespace: string) => byNamespace.get(namespace) ?? [];
  await sweepObjects(
    deps.log,
    [...tasks].sort(byCreation),
    (task, log) => {
      const { namespace, name } = task.metadata;
      return resolveTask({ ...deps, log }, namespace, name, {
        namespaceTasks: listed(namespace),
        seenVersion: task.metadata.resourceVersion,
      });
    },
    { kind: 'Task' },
  );
}
