/**
 * The `kelos-agent` ServiceAccount agent Pods run as: created in the Task's
 * namespace when missing, with no token automounted and no RoleBinding, so
 * an agent has no Kubernetes API access at all. A warm process remembers
 * the namespaces where it saw (or made) it, per API client, so a burst of
 * Tasks reads it once, not once per Pod; a failed Pod create forgets it.
 * Launches running at once in a namespace share the one check in flight
 * (a burst's first launches would otherwise each read it and race to create
 * it: a GET and an AlreadyExists per launch); a failed check is forgotten.
 */
import { AGENT_SERVICE_ACCOUNT, LABEL_MANAGED_BY, LABEL_NAME } from '../core/api/constants.js';
import type { KubeObject } from '../core/api/kube-types.js';
import { isAlreadyExists } from '../core/k8s/errors.js';
import type { KubePort } from '../core/k8s/port.js';

/** Per API client and namespace: the check, done or in flight. */
const known = new WeakMap<KubePort, Map<string, Promise<void>>>();

export function forgetAgentServiceAccount(kube: KubePort, namespace: string): void {
  known.get(kube)?.delete(namespace);
}

export function ensureAgentServiceAccount(kube: KubePort, namespace: string): Promise<void> {
  const seen = known.get(kube) ?? new Map<string, Promise<void>>();
  known.set(kube, seen);
  const pending = seen.get(namespace);
  if (pending) return pending;
  const check = ensureOnce(kube, namespace);
  seen.set(namespace, check);
  check.catch(() => {
    if (seen.get(namespace) === check) seen.delete(namespace);
  });
  return check;
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
