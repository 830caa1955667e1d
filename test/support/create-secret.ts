import type { KubeObject } from '../../functions/core/api/kube-types.js';
import type { KubePort } from '../../functions/core/k8s/port.js';

/** Creates an Opaque Secret from plain-text values (base64-encodes them, as the API wants). */
export async function createSecret(
  kube: KubePort,
  namespace: string,
  name: string,
  data: Record<string, string>,
): Promise<void> {
  const encoded = Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  );
  await kube.create<KubeObject>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'Opaque',
    data: encoded,
  });
}
