/**
 * A Task's prompt as the agent receives it (container args[0]). As in the
 * original, the prompt is a template only when the Task has `dependsOn`;
 * otherwise it is passed verbatim even if it contains `{{`.
 *
 * Variables (KELOS-BEHAVIOUR §2.5), read from the dependency Tasks' status:
 * - Go dialect: `.Deps.<name>.Outputs` ([]string), `.Deps.<name>.Results`
 *   (map[string]string), `.Deps.<name>.Name`; hyphenated names through
 *   `{{index .Deps "task-a" "Results" "branch"}}`.
 * - Liquid dialect: `deps.<name>.outputs`, `deps.<name>.results`,
 *   `deps.<name>.name` (and the Go names under `Deps`), e.g.
 *   `{{ deps["task-a"].results.branch }}`.
 */
import type { Task } from '../api/types.js';
import { isGoTemplate, renderTemplate } from './render.js';

interface GoDep {
  Outputs: string[];
  Results: Record<string, string>;
  Name: string;
}

export function promptData(task: Task, upstream: readonly Task[]): Record<string, unknown> {
  const wanted = new Set(task.spec.dependsOn ?? []);
  const Deps: Record<string, GoDep> = {};
  for (const upstreamTask of upstream) {
    const name = upstreamTask.metadata.name ?? '';
    if (!wanted.has(name)) continue;
    Deps[name] = {
      Outputs: [...(upstreamTask.status?.outputs ?? [])],
      Results: { ...(upstreamTask.status?.results ?? {}) },
      Name: name,
    };
  }
  if (isGoTemplate(task.spec.prompt)) return { Deps };
  // `Deps` / `deps` are the template's names (Kelos compatibility), not ours.
  const deps = Object.fromEntries(
    Object.entries(Deps).map(([name, d]) => [name, { outputs: d.Outputs, results: d.Results, name: d.Name }]),
  );
  return { Deps, deps };
}

/** Renders the prompt with upstream results; throws TemplateError when the template is broken. */
export function renderTaskPrompt(task: Task, upstream: readonly Task[]): string {
  if (!task.spec.dependsOn?.length) return task.spec.prompt;
  return renderTemplate(task.spec.prompt, promptData(task, upstream), 'prompt');
}
