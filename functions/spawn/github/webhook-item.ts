/**
 * Reads the issue or pull request a GitHub delivery is about, and the
 * repository it belongs to (pure). Only `issues`, `issue_comment` and
 * `pull_request` deliveries name a work item; others are not for spawn.
 */
import { parseGitHubRepo, type GitHubRepo } from '../../core/git/parse-repo.js';
import type { GitHubIssue } from './issue.js';

export interface WebhookItem {
  issue: GitHubIssue;
  kind: 'Issue' | 'PR';
  repo: GitHubRepo;
  /** Body of the comment an `issue_comment.created` delivery announces. */
  newComment?: string;
}

const field = (v: unknown, key: string): unknown =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function asIssue(value: unknown): GitHubIssue | undefined {
  if (!isObject(value) || typeof value['number'] !== 'number' || typeof value['title'] !== 'string')
    return undefined;
  return value as unknown as GitHubIssue;
}

export function payloadRepo(payload: Record<string, unknown>): GitHubRepo | undefined {
  const repository = payload['repository'];
  if (!isObject(repository)) return undefined;
  const html = repository['html_url'];
  if (typeof html === 'string' && html) return parseGitHubRepo(html);
  const fullName = repository['full_name'];
  return typeof fullName === 'string' ? parseGitHubRepo(fullName) : undefined;
}

export function webhookItem(event: string, payload: Record<string, unknown>): WebhookItem | undefined {
  const repo = payloadRepo(payload);
  if (!repo) return undefined;
  if (event === 'issues' || event === 'issue_comment') {
    const issue = asIssue(payload['issue']);
    if (!issue) return undefined;
    const kind = issue.pull_request !== undefined && issue.pull_request !== null ? 'PR' : 'Issue';
    const body =
      event === 'issue_comment' && payload['action'] === 'created'
        ? field(payload['comment'], 'body')
        : undefined;
    return typeof body === 'string' ? { issue, kind, repo, newComment: body } : { issue, kind, repo };
  }
  if (event === 'pull_request') {
    const pr = asIssue(payload['pull_request']);
    return pr ? { issue: pr, kind: 'PR', repo } : undefined;
  }
  return undefined;
}

const hostOf = (repo: GitHubRepo): string => (repo.host === '' ? 'github.com' : repo.host).toLowerCase();

/** Same repository: owner and name case-insensitive, `owner/repo` shorthand meaning github.com. */
export function sameRepo(a: GitHubRepo, b: GitHubRepo): boolean {
  return (
    hostOf(a) === hostOf(b) &&
    a.owner.toLowerCase() === b.owner.toLowerCase() &&
    a.repo.toLowerCase() === b.repo.toLowerCase()
  );
}
