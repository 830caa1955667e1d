/**
 * The subset of GitHub's issue shape (REST `issues` list items and the `issue`
 * / `pull_request` objects of webhook payloads) that discovery reads, and its
 * mapping to a WorkItem (KELOS-BEHAVIOUR §3.5).
 */
import type { WorkItem } from '../decide/work-item.js';

export interface GitHubUser {
  login: string;
}

export interface GitHubIssue {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  state?: string;
  labels?: (string | { name?: string | null })[];
  user?: GitHubUser | null;
  assignee?: GitHubUser | null;
  assignees?: GitHubUser[] | null;
  /** Present (any value) when the issue is a pull request. */
  pull_request?: unknown;
}

export function labelNames(issue: Pick<GitHubIssue, 'labels'>): string[] {
  return (issue.labels ?? [])
    .map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
    .filter((name) => name !== '');
}

export function issueKind(issue: Pick<GitHubIssue, 'pull_request'>): 'Issue' | 'PR' {
  return issue.pull_request !== undefined && issue.pull_request !== null ? 'PR' : 'Issue';
}

export function issueToWorkItem(issue: GitHubIssue, comments: string, kind = issueKind(issue)): WorkItem {
  return {
    id: String(issue.number),
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    url: issue.html_url,
    labels: labelNames(issue),
    comments,
    kind,
  };
}
