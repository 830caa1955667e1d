/**
 * Jira discovery (KELOS-BEHAVIOUR §3.5): the search API, 100 per page, until
 * `startAt + len >= total` or 10 pages; Basic auth with user and token,
 * Bearer with a token alone. Credentials come from the spawner's
 * `jira.secretRef` Secret (`JIRA_TOKEN` required, `JIRA_USER` optional).
 */
import type { Jira } from '../../core/api/types.js';
import type { KubePort } from '../../core/k8s/port.js';
import { buildJql, jiraWorkItem, type JiraIssue } from './jira-jql.js';
import type { WorkItem } from '../decide/work-item.js';
import { getSecret, secretValue } from '../read-secret.js';
import type { Source } from './source.js';

const MAX_PAGES = 10;

export interface JiraOptions {
  baseUrl: string;
  project: string;
  jql?: string | undefined;
  user?: string | undefined;
  token?: string | undefined;
  fetch?: typeof globalThis.fetch;
}

export async function discoverJira(options: JiraOptions): Promise<WorkItem[]> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token && options.user) {
    headers['Authorization'] = `Basic ${Buffer.from(`${options.user}:${options.token}`).toString('base64')}`;
  } else if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  const doFetch = options.fetch ?? globalThis.fetch;
  const jql = buildJql(options.project, options.jql);
  const items: WorkItem[] = [];
  let startAt = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({
      jql,
      maxResults: '100',
      startAt: String(startAt),
      fields: 'summary,status,labels,comment,issuetype',
    });
    const res = await doFetch(`${base}/rest/api/2/search?${query.toString()}`, { headers });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`Jira API returned status ${res.status}: ${text.slice(0, 1024)}`);
    const body = JSON.parse(text) as { issues?: JiraIssue[]; total?: number };
    const issues = body.issues ?? [];
    items.push(...issues.map((issue) => jiraWorkItem(issue, options.baseUrl)));
    startAt += issues.length;
    if (issues.length === 0 || startAt >= (body.total ?? 0)) break;
  }
  return items;
}

export async function jiraCredentials(
  kube: KubePort,
  namespace: string,
  jira: Jira,
): Promise<{ user?: string; token?: string }> {
  const secret = await getSecret(kube, namespace, jira.secretRef.name);
  const creds: { user?: string; token?: string } = {};
  const user = secretValue(secret, 'JIRA_USER');
  const token = secretValue(secret, 'JIRA_TOKEN');
  if (user) creds.user = user;
  if (token) creds.token = token;
  return creds;
}

export const jiraSource: Source = {
  name: 'jira',
  handles: (spawner) => spawner.spec.when.jira !== undefined,
  async discover(spawner, context) {
    const jira = spawner.spec.when.jira;
    if (!jira) return { items: [] };
    const creds = await jiraCredentials(context.kube, spawner.metadata.namespace, jira);
    const items = await discoverJira({
      baseUrl: jira.baseUrl,
      project: jira.project,
      jql: jira.jql,
      ...creds,
      ...(context.state.fetch ? { fetch: context.state.fetch } : {}),
    });
    return { items };
  },
};
