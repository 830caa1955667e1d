/**
 * What the gates need of a Secret: which keys it has, and whether it holds a
 * whole GitHub App (its values decoded once, here). Nothing else of a Secret
 * is kept, so a cached summary holds no secret value. The two checks the
 * gates make are here too, so the cache (secret-cache.ts) re-reads a Secret
 * exactly when a cached summary would stop the Task.
 */
import type { KubeObject } from '../core/api/kube-types.js';
import type { Task } from '../core/api/types.js';
import { credentialKey } from '../core/api/credential-keys.js';
import { isGitHubAppSecret } from '../core/github/app-token.js';

export interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

export interface SecretSummary {
  keys: ReadonlySet<string>;
  githubApp: boolean;
}

export function summarizeSecret(secret: SecretObject): SecretSummary {
  const data = secret.data ?? {};
  return { keys: new Set(Object.keys(data)), githubApp: isGitHubAppSecret(data) };
}

/** The key the Task's agent reads from its credentials Secret (undefined: any Secret will do). */
export function requiredCredentialKey(task: Task): string | undefined {
  return credentialKey(task.spec.type, task.spec.credentials.type);
}

export function hasCredentialKey(task: Task, secret: SecretSummary): boolean {
  const key = requiredCredentialKey(task);
  return !key || secret.keys.has(key);
}

/** A workspace Secret serves with a token or a whole GitHub App. */
export function servesWorkspace(secret: SecretSummary): boolean {
  return secret.keys.has('GITHUB_TOKEN') || secret.githubApp;
}
