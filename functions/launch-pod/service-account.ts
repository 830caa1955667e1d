/**
 * The `kelos-agent` ServiceAccount agent Pods run as: created in the Task's
 * namespace when missing, with no token automounted and no RoleBinding, so
 * an agent has no Kubernetes API access at all.
 */
import { AGENT_SERVICE_ACCOUNT, LABEL_MANAGED_BY, LABEL_NAME } from '../core/api/constants.js';
import type { KubeObject } from '../core/api/kube-types.js';
import { isAlreadyExists } from '../core/k8s/errors.js';
import type { KubePort } from '../core/k8s/port.js';

export async function ensureAgentServiceAccount(kube: KubePort, namespace: string): Promise<void> {
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
