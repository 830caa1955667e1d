/**
 * The GitHub token a TaskSpawner's Workspace grants (spawn polls with it,
 * report-github reports with it): the Workspace's Secret holds a personal
 * access token under `GITHUB_TOKEN`, or GitHub App credentials, for which an
 * installation token is minted and cached until five minutes before it
 * expires. One lookup for both steps, so they agree on whose token reaches
 * GitHub; each falls back to its own configured token when this finds none.
 */
import { API_VERSION } from '../api/constants.js';
import type { KubeObject, Stored } from '../api/kube-types.js';
import type { TaskSpawner, Workspace } from '../api/types.js';
import type { KubePort } from '../k8s/port.js';
import type { WorkspaceObject } from '../task/objects.js';
import {
  isGitHubAppSecret,
  mintInstallationToken,
  parseAppCredentials,
  type InstallationToken,
} from './app-token.js';

/** An App installation token is reused until this long before it expires. */
export const APP_TOKEN_MARGIN_MS = 5 * 60_000;

interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

export interface WorkspaceTokenOptions {
  /** The GitHub API base the token is for (an App token is minted there). */
  apiBaseUrl: string;
  /** Minted App tokens by Secret (namespace/name@resourceVersion) and API base; kept by the caller's process. */
  appTokens: Map<string, InstallationToken>;
  now: Date;
  fetch?: typeof globalThis.fetch;
}

/** The spawner's `taskTemplate.workspaceRef` Workspace; undefined when it names none or it does not exist. */
export async function spawnerWorkspace(
  kube: KubePort,
  spawner: Stored<TaskSpawner>,
): Promise<Stored<WorkspaceObject> | undefined> {
  const name = spawner.spec.taskTemplate.workspaceRef?.name;
  if (!name) return undefined;
  const { namespace } = spawner.metadata;
  return kube.get<WorkspaceObject>({ apiVersion: API_VERSION, kind: 'Workspace', namespace, name });
}

/**
 * The token of the Workspace's Secret; undefined when there is no Workspace,
 * it names no Secret, the Secret is gone, or its `GITHUB_TOKEN` is empty.
 * Throws when minting an App token fails (a TypeError when GitHub is unreachable).
 */
export async function workspaceToken(
  kube: KubePort,
  workspace: Stored<Workspace> | undefined,
  options: WorkspaceTokenOptions,
): Promise<string | undefined> {
  const secretName = workspace?.spec.secretRef?.name;
  if (!workspace || !secretName) return undefined;
  const { namespace } = workspace.metadata;
  const secret = await kube.get<SecretObject>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace,
    name: secretName,
  });
  if (!secret) return undefined;
  if (!isGitHubAppSecret(secret.data)) {
    const raw = secret.data?.['GITHUB_TOKEN'];
    // Trimmed: a pasted token often ends in a newline.
    return (raw && Buffer.from(raw, 'base64').toString('utf8').trim()) || undefined;
  }
  const key = `${namespace}/${secretName}@${secret.metadata.resourceVersion ?? ''}|${options.apiBaseUrl}`;
  const cached = options.appTokens.get(key);
  if (cached && Date.parse(cached.expiresAt) - APP_TOKEN_MARGIN_MS > options.now.getTime())
    return cached.token;
  const minted = await mintInstallationToken({
    ...parseAppCredentials(secret.data),
    apiBaseUrl: options.apiBaseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  options.appTokens.set(key, minted);
  return minted.token;
}
