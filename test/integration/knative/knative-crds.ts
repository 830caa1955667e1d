/**
 * Installs the real Knative Serving and Eventing CRDs (byte copies kept in
 * ../shared/knative-crds, see its PROVENANCE.md) into the test API server.
 */
import { join } from 'node:path';
import { REPO_ROOT, type Cluster } from '../../support/cluster.js';

export const KNATIVE_CRDS = process.env.KELOS_KNATIVE_CRDS ?? join(REPO_ROOT, '..', 'shared', 'knative-crds');

let installed: Promise<void> | undefined;

export function installKnativeCrds(cluster: Cluster): Promise<void> {
  installed ??= (async () => {
    const dirs = ['serving', 'eventing', 'eventing-github'].map((d) => join(KNATIVE_CRDS, d));
    const args = dirs.flatMap((d) => ['-f', d]);
    const applied = await cluster.kubectl(['apply', '--server-side', '--field-manager=kelos-tests', ...args]);
    if (applied.code !== 0) throw new Error(`installing the Knative CRDs failed: ${applied.stderr}`);
    const waited = await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...args]);
    if (waited.code !== 0) throw new Error(`Knative CRDs not established: ${waited.stderr}`);
  })();
  return installed;
}
