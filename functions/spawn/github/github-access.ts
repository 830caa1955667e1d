/**
 * Which repository a GitHub spawner watches and how to reach it: the repo of
 * `githubIssues.repo` or of the Workspace, the API base (Enterprise hosts →
 * https://<host>/api/v3), and a token from the Workspace Secret (PAT
 * `GITHUB_TOKEN`, or a GitHub App installation token minted and cached until
 * five minutes before it expires: core/github/workspace-token.ts, shared with
 * report-github).
 */
import type { Stored } from '../../core/api/kube-types.js';
import type { TaskSpawner, Workspace } from '../../core/api/types.js';
import type { KubePort } from '../../core/k8s/port.js';
import { apiBaseUrl, isEnterpriseHost, parseGitHubRepo, type GitHubRepo } from '../../core/git/parse-repo.js';
import { spawnerWorkspace, workspaceToken } from '../../core/github/workspace-token.js';
import { createGitHubClient, type GitHubClient } from './client.js';
import type { SpawnConfig } from '../config.js';
import type { SpawnState } from '../spawn-state.js';

export class WorkspaceMissingError extends Error {
  constructor(readonly workspace: string) {
    super(`Workspace ${workspace} not found`);
    this.name = 'WorkspaceMissingError';
  }
}

export interface SpawnerRepo {
  repo: GitHubRepo;
  workspace: Stored<Workspace> | undefined;
}

/** The repository the spawner's GitHub source watches. */
export async function spawnerRepo(kube: KubePort, spawner: Stored<TaskSpawner>): Promise<SpawnerRepo> {
  const workspace = await spawnerWorkspace(kube, spawner);
  const override = spawner.spec.when.githubIssues?.repo;
  if (override) return { repo: parseGitHubRepo(override), workspace };
  const wsName = spawner.spec.taskTemplate.workspaceRef?.name;
  if (!wsName)
    throw new Error(
      `TaskSpawner ${spawner.metadata.namespace}/${spawner.metadata.name} has no repository: set githubIssues.repo or taskTemplate.workspaceRef`,
    );
  if (!workspace) throw new WorkspaceMissingError(wsName);
  return { repo: parseGitHubRepo(workspace.spec.repo), workspace };
}

export function repoApiBase(repo: GitHubRepo, config: SpawnConfig): string {
  return isEnterpriseHost(repo.host) ? apiBaseUrl(repo.host) : config.githubApiUrl;
}

export interface GitHubAccess {
  repo: GitHubRepo;
  client: GitHubClient;
}

export async function githubAccess(
  kube: KubePort,
  spawner: Stored<TaskSpawner>,
  ctx: { config: SpawnConfig; state: SpawnState; now: () => Date },
  known?: SpawnerRepo,
): Promise<GitHubAccess> {
  const { repo, workspace } = known ?? (await spawnerRepo(kube, spawner));
  const baseUrl = repoApiBase(repo, ctx.config);
  const token =
    (await workspaceToken(kube, workspace, {
      apiBaseUrl: baseUrl,
      appTokens: ctx.state.appTokens,
      now: ctx.now(),
      ...(ctx.state.fetch ? { fetch: ctx.state.fetch } : {}),
    })) ?? ctx.config.githubToken;
  const client = createGitHubClient({
    baseUrl,
    token,
    cache: ctx.state.etags,
    limiter: ctx.state.limiter,
    now: ctx.now,
    ...(ctx.state.fetch ? { fetch: ctx.state.fetch } : {}),
    ...(ctx.state.onGitHubResponse ? { onResponse: ctx.state.onGitHubResponse } : {}),
  });
  return { repo, client };
}
