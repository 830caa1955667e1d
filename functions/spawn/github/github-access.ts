/**
 * Which repository a GitHub spawner watches and how to reach it: the repo of
 * `githubIssues.repo` or of the Workspace, the API base (Enterprise hosts →
 * https://<host>/api/v3), and a token from the Workspace Secret (PAT
 * `GITHUB_TOKEN`, or a GitHub App installation token minted and cached until
 * five minutes before it expires).
 */
import { API_VERSION } from '../../core/api/constants.js';
import type { TaskSpawner, Workspace } from '../../core/api/types.js';
import type { KubePort } from '../../core/k8s/port.js';
import { apiBaseUrl, isEnterpriseHost, parseGitHubRepo, type GitHubRepo } from '../../core/git/parse-repo.js';
import {
  isGitHubAppSecret,
  mintInstallationToken,
  parseAppCredentials,
} from '../../core/github/app-token.js';
import { createGitHubClient, type GitHubClient } from './client.js';
import type { WorkspaceObject } from '../../core/task/objects.js';
import type { SpawnConfig } from '../config.js';
import { getSecret, secretValue } from '../read-secret.js';
import type { SpawnState } from '../spawn-state.js';

export class WorkspaceMissingError extends Error {
  constructor(readonly workspace: string) {
    super(`Workspace ${workspace} not found`);
    this.name = 'WorkspaceMissingError';
  }
}

export interface SpawnerRepo {
  repo: GitHubRepo;
  workspace: Workspace | undefined;
}

/** The repository the spawner's GitHub source watches. */
export async function spawnerRepo(kube: KubePort, spawner: TaskSpawner): Promise<SpawnerRepo> {
  const ns = spawner.metadata.namespace ?? '';
  const wsName = spawner.spec.taskTemplate.workspaceRef?.name;
  const workspace = wsName
    ? await kube.get<WorkspaceObject>({
        apiVersion: API_VERSION,
        kind: 'Workspace',
        namespace: ns,
        name: wsName,
      })
    : undefined;
  const override = spawner.spec.when.githubIssues?.repo;
  if (override) return { repo: parseGitHubRepo(override), workspace };
  if (!wsName)
    throw new Error(
      `TaskSpawner ${ns}/${spawner.metadata.name} has no repository: set githubIssues.repo or taskTemplate.workspaceRef`,
    );
  if (!workspace) throw new WorkspaceMissingError(wsName);
  return { repo: parseGitHubRepo(workspace.spec.repo), workspace };
}

export function repoApiBase(repo: GitHubRepo, config: SpawnConfig): string {
  return isEnterpriseHost(repo.host) ? apiBaseUrl(repo.host) : config.githubApiUrl;
}

async function tokenFor(
  kube: KubePort,
  workspace: Workspace | undefined,
  baseUrl: string,
  ctx: { config: SpawnConfig; state: SpawnState; now: Date },
): Promise<string | undefined> {
  const secretName = workspace?.spec.secretRef?.name;
  if (!secretName) return ctx.config.githubToken;
  const ns = workspace.metadata.namespace ?? '';
  const secret = await getSecret(kube, ns, secretName);
  if (!secret) return ctx.config.githubToken;
  if (!isGitHubAppSecret(secret.data)) return secretValue(secret, 'GITHUB_TOKEN') ?? ctx.config.githubToken;
  const key = `${ns}/${secretName}@${secret.metadata.resourceVersion ?? ''}|${baseUrl}`;
  const cached = ctx.state.appTokens.get(key);
  if (cached && Date.parse(cached.expiresAt) - 5 * 60_000 > ctx.now.getTime()) return cached.token;
  const creds = parseAppCredentials(secret.data);
  const minted = await mintInstallationToken({
    ...creds,
    apiBaseUrl: baseUrl,
    ...(ctx.state.fetch ? { fetch: ctx.state.fetch } : {}),
  });
  ctx.state.appTokens.set(key, minted);
  return minted.token;
}

export interface GitHubAccess {
  repo: GitHubRepo;
  client: GitHubClient;
}

export async function githubAccess(
  kube: KubePort,
  spawner: TaskSpawner,
  ctx: { config: SpawnConfig; state: SpawnState; now: () => Date },
  known?: SpawnerRepo,
): Promise<GitHubAccess> {
  const { repo, workspace } = known ?? (await spawnerRepo(kube, spawner));
  const baseUrl = repoApiBase(repo, ctx.config);
  const token = await tokenFor(kube, workspace, baseUrl, { ...ctx, now: ctx.now() });
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
