/**
 * The `kelos-agent` ServiceAccount agent Pods run as: created in the Task's
 * namespace when missing, with no token automounted and no RoleBinding, so
 * an agent has no Kubernetes API access at all. A warm process remembers
 * the namespaces where it saw (or made) it, per API client, so a burst of
 * Tasks reads it once, not once per Pod; a failed Pod create forgets it.
 */
import { AGENT_SERVICE_ACCOUNT, LABEL_MANAGED_BY, LABEL_NAME } from '../core/api/constants.js';
import type { KubeObject } from '../core/api/kube-types.js';
import { isAlreadyExists } from '../core/k8s/errors.js';
import type { KubePort } from '../core/k8s/port.js';

const known = new WeakMap<KubePort, Set<string>>();

export function forgetAgentServiceAccount(kube: KubePort, namespace: string): void {
  known.get(kube)?.delete(namespace);
}

export async function ensureAgentServiceAccount(kube: KubePort, namespace: string): Promise<void> {
  const seen = known.get(kube) ?? new Set<string>();
  known.set(kube, seen);
  if (seen.has(namespace)) return;
  await ensureOnce(kube, namespace);
  seen.add(namespace);
}

async function ensureOnce(kube: KubePort, namespace: string): Promise<void> {
  const ref = { apiVersion: 'v1', kind: 'ServiceAccount', namespace, name: AGENT_SERVICE_ACCOUNT };
  if (await kube.get(ref)) return;
  try {
    await kube.create<KubeObject>({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: AGENT_SERVICE_ACCOUNT,
        namespace,
        labels: { [LABEL_NAME]: 'kelos', [LABEL_MANAGED_BY]: 'kelos-controller' },
      },
      automountServiceAccountToken: false,
    });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}
