/**
 * The agent's prompt. A Task without dependsOn uses its prompt verbatim (as
 * the original); only a Task with dependencies needs the template renderer,
 * which is loaded on first use so the common case does not pay for liquidjs
 * at cold start (DESIGN.md "Cold start").
 */
import type { Task } from '../core/api/types.js';

/** `upstream`: the Tasks this one depends on (their outputs and results fill the template). */
export async function renderPrompt(task: Task, upstream: readonly Task[]): Promise<string> {
  if (!task.spec.dependsOn?.length) return task.spec.prompt;
  const { renderTaskPrompt } = await import('../core/templates/task-prompt.js');
  return renderTaskPrompt(task, upstream);
}
