/**
 * GitHub credentials for reporting, as spawn has them: the token of the
 * spawner's Workspace Secret (`GITHUB_TOKEN`, or a GitHub App installation
 * token minted and cached until five minutes before it expires), else the
 * function's own `GITHUB_TOKEN`; the API base of the item's host (Enterprise
 * hosts → https://<host>/api/v3).
 */
import { API_VERSION } from '../core/api/constants.js';
import type { KubeObject } from '../core/api/kube-types.js';
import type { TaskSpawner } from '../core/api/types.js';
import { apiBaseUrl, isEnterpriseHost } from '../core/git/parse-repo.js';
import {
  isGitHubAppSecret,
  mintInstallationToken,
  parseAppCredentials,
  type InstallationToken,
} from '../core/github/app-token.js';
import type { KubePort } from '../core/k8s/port.js';
import type { WorkspaceObject } from '../core/task/objects.js';
import type { GitHubOrigin } from '../core/task/github-origin.js';
import type { ReportConfig } from './config.js';

interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

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
  spawner: TaskSpawner,
  origin: GitHubOrigin,
  ctx: {
    config: ReportConfig;
    appTokens: Map<string, InstallationToken>;
    now: Date;
    fetch?: typeof globalThis.fetch;
  },
): Promise<GitHubCredentials> {
  const baseUrl = apiBaseFor(origin, ctx.config);
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
  const secretName = workspace?.spec.secretRef?.name;
  const secret = secretName
    ? await kube.get<SecretObject>({ apiVersion: 'v1', kind: 'Secret', namespace: ns, name: secretName })
    : undefined;
  if (!secret) return { baseUrl, token: ctx.config.githubToken };
  if (!isGitHubAppSecret(secret.data)) {
    const raw = secret.data?.['GITHUB_TOKEN'];
    const token = raw ? Buffer.from(raw, 'base64').toString('utf8').trim() : '';
    return { baseUrl, token: token || ctx.config.githubToken };
  }
  const key = `${ns}/${secretName}@${secret.metadata.resourceVersion ?? ''}|${baseUrl}`;
  const cached = ctx.appTokens.get(key);
  if (cached && Date.parse(cached.expiresAt) - 5 * 60_000 > ctx.now.getTime())
    return { baseUrl, token: cached.token };
  const minted = await mintInstallationToken({
    ...parseAppCredentials(secret.data),
    apiBaseUrl: baseUrl,
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
  });
  ctx.appTokens.set(key, minted);
  return { baseUrl, token: minted.token };
}
