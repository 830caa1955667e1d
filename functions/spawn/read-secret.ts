/** The spawner's Jira credential Secret, read through the KubePort (the Workspace's GitHub token: core/github/workspace-token.ts). */
import type { KubeObject } from '../core/api/kube-types.js';
import type { KubePort } from '../core/k8s/port.js';

export interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

export function getSecret(
  kube: KubePort,
  namespace: string,
  name: string,
): Promise<SecretObject | undefined> {
  return kube.get<SecretObject>({ apiVersion: 'v1', kind: 'Secret', namespace, name });
}

/** A key's value decoded from base64 and trimmed (a pasted token often ends in a newline); undefined when absent or empty. */
export function secretValue(secret: SecretObject | undefined, key: string): string | undefined {
  const raw = secret?.data?.[key];
  return raw ? Buffer.from(raw, 'base64').toString('utf8').trim() : undefined;
}
