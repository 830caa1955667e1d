/**
 * Jira query and item mapping, pure (KELOS-BEHAVIOUR §3.5): the JQL scoped to
 * the project (a trailing ORDER BY stays outside the parentheses), the issue
 * number after the key's first `-`, and comment text from plain strings or
 * Atlassian Document Format.
 */
import { joinComments, type WorkItem } from '../decide/work-item.js';

/** Splits a trailing `ORDER BY …` (last case-insensitive occurrence) from a JQL filter. */
export function splitJqlOrderBy(jql: string): { filter: string; orderBy: string } {
  const i = jql.toLowerCase().lastIndexOf('order by');
  if (i < 0) return { filter: jql, orderBy: '' };
  return { filter: jql.slice(0, i).trim(), orderBy: jql.slice(i).trim() };
}

export function buildJql(project: string, jql: string | undefined): string {
  if (!jql) return `project = ${project}`;
  const { filter, orderBy } = splitJqlOrderBy(jql);
  const scoped = filter ? `project = ${project} AND (${filter})` : `project = ${project}`;
  return orderBy ? `${scoped} ${orderBy}` : scoped;
}

/** `PROJ-42` → 42; 0 when the part after the first `-` is not a number. */
export function extractIssueNumber(key: string): number {
  const i = key.indexOf('-');
  if (i < 0) return 0;
  const rest = key.slice(i + 1);
  return /^\d+$/.test(rest) ? Number(rest) : 0;
}

/** Text of an Atlassian Document Format node: its `text`, else its children's text joined by newlines. */
export function adfText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (!node || typeof node !== 'object') return '';
  const { text, content } = node as { text?: unknown; content?: unknown };
  if (typeof text === 'string') return text;
  if (!Array.isArray(content)) return '';
  return content
    .map(adfText)
    .filter((t) => t !== '')
    .join('\n');
}

export interface JiraIssue {
  key: string;
  fields?: {
    summary?: string;
    labels?: string[];
    issuetype?: { name?: string } | null;
    comment?: { comments?: { body?: unknown }[] } | null;
  };
}

export function jiraWorkItem(issue: JiraIssue, baseUrl: string): WorkItem {
  const bodies = (issue.fields?.comment?.comments ?? []).map((c) => adfText(c.body)).filter((t) => t !== '');
  return {
    id: issue.key,
    number: extractIssueNumber(issue.key),
    title: issue.fields?.summary ?? '',
    body: '',
    url: `${baseUrl.replace(/\/+$/, '')}/browse/${issue.key}`,
    labels: issue.fields?.labels ?? [],
    comments: joinComments(bodies),
    kind: issue.fields?.issuetype?.name || 'Issue',
  };
}
