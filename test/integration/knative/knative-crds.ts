/**
 * Installs the real Knative Serving and Eventing CRDs (byte copies kept in
 * ../shared/knative-crds, see its PROVENANCE.md) into the test API server;
 * where they are absent (a fresh clone), this project's minimal stand-ins
 * (minimal-knative-crds.ts), with one printed note.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, type Cluster } from '../../support/cluster.js';
import { MINIMAL_KNATIVE_CRD_NAMES, minimalKnativeCrds } from './minimal-knative-crds.js';

export const KNATIVE_CRDS = process.env.KELOS_KNATIVE_CRDS ?? join(REPO_ROOT, '..', 'shared', 'knative-crds');

let installed: Promise<void> | undefined;

/** Whether the real Knative CRDs are at hand (tests of the Knative schemas need them). */
export const haveRealKnativeCrds = (): boolean => existsSync(KNATIVE_CRDS);

export function installKnativeCrds(cluster: Cluster): Promise<void> {
  installed ??= haveRealKnativeCrds() ? installReal(cluster) : installMinimal(cluster);
  return installed;
}

async function installMinimal(cluster: Cluster): Promise<void> {
  console.log(`    note: ${KNATIVE_CRDS} is absent; installing minimal Knative CRD stand-ins (open schemas)`);
  const applied = await cluster.kubectl(['apply', '--server-side', '--field-manager=kelos-tests', '-f', '-'], {
    input: minimalKnativeCrds(),
  });
  if (applied.code !== 0) throw new Error(`installing the minimal Knative CRDs failed: ${applied.stderr}`);
  const names = MINIMAL_KNATIVE_CRD_NAMES.map((n) => `crd/${n}`);
  const waited = await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...names]);
  if (waited.code !== 0) throw new Error(`minimal Knative CRDs not established: ${waited.stderr}`);
}

function installReal(cluster: Cluster): Promise<void> {
  return (async () => {
    const dirs = ['serving', 'eventing', 'eventing-github'].map((d) => join(KNATIVE_CRDS, d));
    const args = dirs.flatMap((d) => ['-f', d]);
    const applied = await cluster.kubectl(['apply', '--server-side', '--field-manager=kelos-tests', ...args]);
    if (applied.code !== 0) throw new Error(`installing the Knative CRDs failed: ${applied.stderr}`);
    const waited = await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...args]);
    if (waited.code !== 0) throw new Error(`Knative CRDs not established: ${waited.stderr}`);
  })();
}
