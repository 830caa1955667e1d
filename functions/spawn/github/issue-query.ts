/**
 * The server-side query of the issues list (state, labels, assignee, creator),
 * both as REST parameters for polling and as a predicate over one issue, so a
 * webhook payload is judged exactly as the list endpoint would judge it.
 */
import type { GitHubIssues } from '../../core/api/types.js';
import { labelNames, type GitHubIssue } from './issue.js';

export function issueListParams(spec: GitHubIssues): Record<string, string> {
  const params: Record<string, string> = { per_page: '100', state: spec.state || 'open' };
  if (spec.labels && spec.labels.length > 0) params['labels'] = spec.labels.join(',');
  if (spec.assignee) params['assignee'] = spec.assignee;
  if (spec.author) params['creator'] = spec.author;
  return params;
}

function assignees(issue: GitHubIssue): string[] {
  const all = [...(issue.assignees ?? []), ...(issue.assignee ? [issue.assignee] : [])];
  return all.map((u) => u.login.toLowerCase());
}

export function matchesIssueQuery(issue: GitHubIssue, spec: GitHubIssues): boolean {
  const state = spec.state || 'open';
  if (state !== 'all' && (issue.state ?? 'open') !== state) return false;
  const names = labelNames(issue).map((n) => n.toLowerCase());
  if ((spec.labels ?? []).some((l) => !names.includes(l.toLowerCase()))) return false;
  if (spec.assignee) {
    const who = assignees(issue);
    if (spec.assignee === '*' && who.length === 0) return false;
    if (spec.assignee === 'none' && who.length > 0) return false;
    if (spec.assignee !== '*' && spec.assignee !== 'none' && !who.includes(spec.assignee.toLowerCase()))
      return false;
  }
  if (spec.author && (issue.user?.login ?? '').toLowerCase() !== spec.author.toLowerCase()) return false;
  return true;
}
