/**
 * GitHub discovery (KELOS-BEHAVIOUR §3.5): list, keep by types and
 * excludeLabels, fetch each kept item's comments (any failure fails the whole
 * discovery), then apply the comment rules.
 */
import type { GitHubIssues } from '../../core/api/types.js';
import { passesClientFilters } from './item-filter.js';
import { passesCommentFilter } from './comment-filter.js';
import { joinComments, type WorkItem } from '../decide/work-item.js';
import type { GitHubClient, RepoCoordinates } from './client.js';
import { issueToWorkItem, type GitHubIssue } from './issue.js';

export async function discoverIssues(
  client: GitHubClient,
  repo: RepoCoordinates,
  spec: GitHubIssues,
): Promise<WorkItem[]> {
  const issues = await client.listIssues(repo, spec);
  const items: WorkItem[] = [];
  for (const issue of issues) {
    const item = await itemWithComments(client, repo, issue, spec);
    if (item) items.push(item);
  }
  return items;
}

/** One issue through the client-side and comment filters; undefined when filtered out. */
export async function itemWithComments(
  client: GitHubClient,
  repo: RepoCoordinates,
  issue: GitHubIssue,
  spec: GitHubIssues,
  kind?: 'Issue' | 'PR',
  newComment?: string,
): Promise<WorkItem | undefined> {
  const bare = issueToWorkItem(issue, '', kind);
  if (!passesClientFilters(bare, spec)) return undefined;
  let bodies: string[];
  try {
    bodies = await client.listCommentBodies(repo, issue.number);
  } catch (err) {
    throw new Error(`fetching comments for issue #${issue.number}`, { cause: err });
  }
  // A comment a webhook just announced may not be listed by the API yet; it is the newest.
  if (newComment !== undefined && bodies.length < 100 && bodies[bodies.length - 1] !== newComment) {
    bodies = [...bodies, newComment];
  }
  const comments = joinComments(bodies);
  if (!passesCommentFilter(comments, spec)) return undefined;
  return { ...bare, comments };
}
