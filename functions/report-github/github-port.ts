/**
 * The GitHub calls report-github makes (issue comments, the PR head, check
 * runs), as a port so the decision code never sees HTTP. github-rest.ts is
 * the Octokit adapter.
 */
import type { CheckRunFields } from './render-check-run.js';
import type { PostedCheckRun, PostedComment } from './decide.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface ReportGitHub {
  /** Every comment of an issue or PR, oldest first (up to 10 pages of 100). */
  listComments(repo: RepoRef, issueNumber: number): Promise<PostedComment[]>;
  createComment(repo: RepoRef, issueNumber: number, body: string): Promise<number>;
  updateComment(repo: RepoRef, commentId: number, body: string): Promise<void>;
  deleteComment(repo: RepoRef, commentId: number): Promise<void>;
  pullHeadSha(repo: RepoRef, pullNumber: number): Promise<string>;
  listCheckRuns(repo: RepoRef, sha: string, name: string): Promise<PostedCheckRun[]>;
  createCheckRun(repo: RepoRef, sha: string, fields: CheckRunFields): Promise<void>;
  updateCheckRun(repo: RepoRef, checkRunId: number, fields: CheckRunFields): Promise<void>;
}

/** The token lacks a permission (403), cannot see the item (404), or is refused (401): retrying will not help. */
export class GitHubAccessError extends Error {
  override name = 'GitHubAccessError';
  constructor(
    readonly status: number,
    /** e.g. `issues:write`, `checks:write`, `pull_requests:read`. */
    readonly permission: string,
    readonly operation: string,
    detail: string,
  ) {
    super(`GitHub answered ${status} to ${operation}: ${detail}`);
  }
}

export function isGitHubAccessError(err: unknown): err is GitHubAccessError {
  return err instanceof GitHubAccessError;
}
