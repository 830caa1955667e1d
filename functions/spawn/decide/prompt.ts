/**
 * Template data, default prompt and rendering of a spawner's promptTemplate
 * and branch (KELOS-BEHAVIOUR §3.6). The renderer is passed in (the shared
 * `renderTemplate` of core/templates) so this stays pure and testable.
 */
import type { WorkItem } from './work-item.js';

export type RenderTemplate = (source: string, data: Record<string, unknown>) => string;

/** The Go field names the original exposes to templates. */
export function templateData(item: WorkItem): Record<string, unknown> {
  return {
    ID: item.id,
    Number: item.number,
    Title: item.title,
    Body: item.body,
    URL: item.url,
    Labels: item.labels.join(', '),
    Comments: item.comments,
    Kind: item.kind || 'Issue',
    Time: item.time ?? '',
    Schedule: item.schedule ?? '',
  };
}

/** `{{.Kind}} #{{.Number}}: {{.Title}}`, a blank line, the body, then the comments when any. */
export function defaultPrompt(item: WorkItem): string {
  const head = `${item.kind || 'Issue'} #${item.number}: ${item.title}\n\n${item.body}`;
  return item.comments ? `${head}\n\nComments:\n${item.comments}` : head;
}

export function renderPrompt(template: string | undefined, item: WorkItem, render: RenderTemplate): string {
  if (!template) return defaultPrompt(item);
  return render(template, templateData(item));
}

/** An empty branch template stays empty; a static one passes through the renderer unchanged. */
export function renderBranch(template: string | undefined, item: WorkItem, render: RenderTemplate): string {
  if (!template) return '';
  return render(template, templateData(item));
}
