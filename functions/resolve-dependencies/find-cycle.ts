/**
 * Cycle detection over dependsOn (KELOS-BEHAVIOUR §2.4): depth-first from
 * the Task through the dependsOn of the Tasks that exist (a missing Task ends
 * the walk), reporting the Task revisited on the current path. A Task that
 * depends on itself is a cycle.
 */
import type { Stored } from '../core/api/kube-types.js';
import type { Task } from '../core/api/types.js';

/** The name the cycle involves, or undefined when there is none. */
export function findCycle(task: Stored<Task>, byName: ReadonlyMap<string, Task>): string | undefined {
  const onPath = new Set<string>();
  const done = new Set<string>();
  const visit = (name: string, upstream: readonly string[]): string | undefined => {
    if (onPath.has(name)) return name;
    if (done.has(name)) return undefined;
    onPath.add(name);
    for (const up of upstream) {
      const next = byName.get(up);
      const found = onPath.has(up) ? up : next ? visit(up, next.spec.dependsOn ?? []) : undefined;
      if (found) return found;
    }
    onPath.delete(name);
    done.add(name);
    return undefined;
  };
  return visit(task.metadata.name, task.spec.dependsOn ?? []);
}
