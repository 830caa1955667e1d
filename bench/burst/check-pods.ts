/** The burst's correctness check: exactly one Pod per Task, owned by it, and no other agent Pod. */
import { LABEL_TASK } from '../../functions/core/api/constants.js';
import type { Pod } from '../../functions/core/task/pod-types.js';

export interface CreatedTask {
  name: string;
  uid: string;
}

/** Problems found (empty: exactly one Pod per Task). */
export function checkPods(tasks: readonly CreatedTask[], pods: readonly Pod[]): string[] {
  const problems: string[] = [];
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const seen = new Map<string, number>();
  for (const pod of pods) {
    const taskLabel = pod.metadata.labels?.[LABEL_TASK];
    const task = taskLabel ? byName.get(taskLabel) : undefined;
    if (!task) {
      problems.push(
        `Pod ${pod.metadata.name} belongs to no Task of the burst (label ${taskLabel ?? 'none'})`,
      );
      continue;
    }
    if (!pod.metadata.ownerReferences?.some((r) => r.uid === task.uid))
      problems.push(`Pod ${pod.metadata.name} is not owned by Task ${task.name} (${task.uid})`);
    seen.set(task.name, (seen.get(task.name) ?? 0) + 1);
  }
  for (const [name, n] of seen) if (n > 1) problems.push(`Task ${name} has ${n} Pods`);
  const missing = tasks.filter((t) => !seen.has(t.name));
  if (missing.length > 0)
    problems.push(
      `${missing.length} Task(s) without a Pod: ${missing
        .slice(0, 5)
        .map((t) => t.name)
        .join(', ')}${missing.length > 5 ? ', …' : ''}`,
    );
  return problems;
}
