/**
 * Whether a Task's prompt renders, as a function the gates call. The
 * template engine (liquidjs, ~0.2 s to import) is loaded only when a Task
 * has dependsOn, so resolve-dependencies starts without it (DESIGN.md, cold start).
 */
import type { Task } from '../core/api/types.js';

/** Returns the template error message, or undefined when the prompt renders. */
export type PromptCheck = (task: Task, tasks: readonly Task[]) => string | undefined;

export async function loadPromptCheck(): Promise<PromptCheck> {
  const [{ renderTaskPrompt }, { TemplateError }] = await Promise.all([
    import('../core/templates/task-prompt.js'),
    import('../core/templates/template-error.js'),
  ]);
  return (task, tasks) => {
    try {
      renderTaskPrompt(task, tasks);
      return undefined;
    } catch (err) {
      if (err instanceof TemplateError) return err.message;
      throw err;
    }
  };
}
