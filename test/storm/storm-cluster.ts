/** The shared test cluster with the CRDs applied, as the storm's runner addresses it (one set-up for every storm test). */
import { useCluster } from '../support/cluster.js';
import type { StormCluster } from './storm.js';

export async function stormCluster(): Promise<StormCluster> {
  const c = await useCluster();
  await c.applyCrds();
  return { kubeconfigPath: c.kubeconfigPath, server: c.server, token: c.token, caFile: c.caFile };
}
