/**
 * GitHub App workspaces (KELOS-BEHAVIOUR §4.3): when the Workspace Secret
 * holds appID / installationID / privateKey, mint an installation token and
 * keep it in Secret `<task>-github-token` (key GITHUB_TOKEN), owned by the
 * Task so it is garbage-collected with it. The Pod then reads that Secret
 * instead of the App's. A PAT Secret is used as is. The token never leaves
 * the Secret: errors carry only the GitHub status and the Secret's name.
 */
import type { KubeObject, Stored } from '../core/api/kube-types.js';
import type { Task, Workspace } from '../core/api/types.js';
import { apiBaseUrl, isEnterpriseHost, parseGitHubRepo } from '../core/git/parse-repo.js';
import {
  isGitHubAppSecret,
  mintInstallationToken,
  parseAppCredentials,
  type SecretData,
} from '../core/github/app-token.js';
import { isAlreadyExists } from '../core/k8s/errors.js';
import type { KubePort } from '../core/k8s/port.js';
import { ownedBy } from '../core/task/owned-by.js';
import { taskOwnerReference } from '../core/task/task-owner-reference.js';

export interface TokenOptions {
  kube: KubePort;
  task: Stored<Task>;
  workspace: Workspace;
  /** API base for github.com repos (config); Enterprise hosts use https://<host>/api/v3. */
  githubApiBaseUrl: string;
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
}

interface SecretObject extends KubeObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  type?: string;
}

export function tokenSecretName(taskName: string): string {
  return `${taskName}-github-token`;
}

/** The generated Secret's name for a GitHub App workspace; undefined for a PAT (or no) Secret. */
export async function resolveGitHubTokenSecret(opts: TokenOptions): Promise<string | undefined> {
  const { kube, task, workspace } = opts;
  const secretName = workspace.spec.secretRef?.name;
  if (!secretName) return undefined;
  const namespace = task.metadata.namespace;
  const secret = await kube.get<SecretObject>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace,
    name: secretName,
  });
  if (!secret) throw new Error(`fetching workspace secret ${namespace}/${secretName}: not found`);
  const data: SecretData = secret.data;
  if (!isGitHubAppSecret(data)) return undefined;

  const creds = parseAppCredentials(data);
  const { host } = parseGitHubRepo(workspace.spec.repo);
  const base = isEnterpriseHost(host) ? apiBaseUrl(host) : opts.githubApiBaseUrl;
  const { token } = await mintInstallationToken({
    appId: creds.appId,
    installationId: creds.installationId,
    privateKey: creds.privateKey,
    apiBaseUrl: base,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const name = tokenSecretName(task.metadata.name);
  await writeTokenSecret(kube, task, name, token);
  return name;
}

async function writeTokenSecret(
  kube: KubePort,
  task: Stored<Task>,
  name: string,
  token: string,
): Promise<void> {
  const namespace = task.metadata.namespace;
  const body: SecretObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, ownerReferences: [taskOwnerReference(task)] },
    type: 'Opaque',
    data: { GITHUB_TOKEN: Buffer.from(token, 'utf8').toString('base64') },
  };
  try {
    await kube.create(body);
    return;
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  // Left by an earlier attempt for this Task (a retry after a crash): refresh the token.
  const existing = await kube.get<SecretObject>({ apiVersion: 'v1', kind: 'Secret', namespace, name });
  if (!existing) throw new Error(`secret ${namespace}/${name} vanished while being updated`);
  if (!ownedBy(existing, task.metadata.uid)) {
    throw new Error(`secret ${namespace}/${name} exists and is not owned by task ${task.metadata.name}`);
  }
  await kube.replace<SecretObject>({ ...existing, data: body.data!, metadata: { ...existing.metadata } });
}
