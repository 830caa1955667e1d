/**
 * GitHub credentials for reporting, as spawn has them (both through
 * core/github/workspace-token.ts): the token of the spawner's Workspace
 * Secret (`GITHUB_TOKEN`, or a GitHub App installation token minted and
 * cached until five minutes before it expires), else the function's own
 * `GITHUB_TOKEN`; the API base of the item's host (Enterprise hosts →
 * https://<host>/api/v3).
 */
import type { Stored } from '../core/api/kube-types.js';
import type { TaskSpawner } from '../core/api/types.js';
import { apiBaseUrl, isEnterpriseHost } from '../core/git/parse-repo.js';
import type { InstallationToken } from '../core/github/app-token.js';
import { spawnerWorkspace, workspaceToken } from '../core/github/workspace-token.js';
import type { KubePort } from '../core/k8s/port.js';
import type { GitHubOrigin } from '../core/task/github-origin.js';
import type { ReportConfig } from './config.js';

export interface GitHubCredentials {
  baseUrl: string;
  token: string | undefined;
}

export function apiBaseFor(
  origin: Pick<GitHubOrigin, 'host'>,
  config: Pick<ReportConfig, 'githubApiUrl'>,
): string {
  return isEnterpriseHost(origin.host) ? apiBaseUrl(origin.host) : config.githubApiUrl;
}

export async function githubCredentials(
  kube: KubePort,
  spawner: Stored<TaskSpawner>,
  origin: GitHubOrigin,
  ctx: {
    config: ReportConfig;
    appTokens: Map<string, InstallationToken>;
    now: Date;
    fetch?: typeof globalThis.fetch;
  },
): Promise<GitHubCredentials> {
  const baseUrl = apiBaseFor(origin, ctx.config);
  const workspace = await spawnerWorkspace(kube, spawner);
  const token = await workspaceToken(kube, workspace, {
    apiBaseUrl: baseUrl,
    appTokens: ctx.appTokens,
    now: ctx.now,
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
  });
  return { baseUrl, token: token ?? ctx.config.githubToken };
}
