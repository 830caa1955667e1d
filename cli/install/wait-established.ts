/** Waits until freshly applied CRDs are served, so the manifests after them can use their kinds. */
import type { KubeObject } from '../../functions/core/api/kube-types.js';
import type { CliKube } from '../kube/client.js';

const TIMEOUT_MS = 60_000;
const STEP_MS = 250;

interface CrdStatus extends KubeObject {
  status?: { conditions?: { type: string; status: string }[] };
}

export async function waitEstablished(
  kube: CliKube,
  crds: KubeObject[],
  clock: { sleep: (ms: number) => Promise<void> },
): Promise<void> {
  for (const crd of crds.filter((c) => c.kind === 'CustomResourceDefinition')) {
    const name = crd.metadata.name ?? '';
    for (let waited = 0; ; waited += STEP_MS) {
      const got = await kube.get<CrdStatus>({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        name,
      });
      if (got?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (waited >= TIMEOUT_MS)
        throw new Error(`CustomResourceDefinition ${name} is not established after 60s`);
      await clock.sleep(STEP_MS);
    }
  }
}
