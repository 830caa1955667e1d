/**
 * Least privilege locally too: on the embedded control plane, each function
 * process (and the event plane, as the ApiServerSource adapter) talks to the
 * API server as its own ServiceAccount from knative/, bound to the ClusterRole
 * of knative/20-rbac.yaml, with a token from the TokenRequest API. So a
 * function that needs a verb its role lacks fails here as it would in a
 * cluster.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeKubeconfig } from '../control-plane/kubeconfig.js';
import type { ApiServerSourceSpec, Topology } from '../event-plane/manifests.js';

const run = promisify(execFile);
const RBAC_FILES = ['00-namespace.yaml', '10-service-accounts.yaml', '20-rbac.yaml'];

export interface CredentialsOptions {
  kubectl: string;
  adminKubeconfig: string;
  embedded: { server: string; caFile: string };
  knativeDir: string;
  topology: Topology;
  outDir: string;
  /** Knative Service names to make kubeconfigs for. */
  services: readonly string[];
}

export interface FunctionCredentials {
  /** Kubeconfig per Knative Service name. */
  services: Record<string, string>;
  /** Kubeconfig of the (first) ApiServerSource's ServiceAccount. */
  apiServerSource: string | undefined;
}

export async function functionCredentials(o: CredentialsOptions): Promise<FunctionCredentials> {
  const k = (args: string[]) =>
    run(o.kubectl, ['--kubeconfig', o.adminKubeconfig, ...args], { maxBuffer: 8 * 1024 * 1024 });
  await k([
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=kelos',
    ...RBAC_FILES.flatMap((f) => ['-f', join(o.knativeDir, f)]),
  ]);
  await mkdir(o.outDir, { recursive: true, mode: 0o700 });
  const kubeconfigFor = async (namespace: string, serviceAccount: string, name: string) => {
    const { stdout } = await k(['create', 'token', serviceAccount, '-n', namespace, '--duration=24h']);
    const path = join(o.outDir, `${name}.kubeconfig`);
    await writeKubeconfig(path, { ...o.embedded, token: stdout.trim(), name: serviceAccount });
    return path;
  };
  const services: Record<string, string> = {};
  for (const name of o.services) {
    const svc = o.topology.services.find((s) => s.metadata.name === name);
    const sa = (svc?.spec as { template?: { spec?: { serviceAccountName?: string } } } | undefined)?.template
      ?.spec?.serviceAccountName;
    if (!svc || !sa) throw new Error(`knative/: Service ${name} has no serviceAccountName`);
    services[name] = await kubeconfigFor(svc.metadata.namespace ?? 'default', sa, name);
  }
  const source = o.topology.apiServerSources[0];
  const sourceSa = (source?.spec as ApiServerSourceSpec | undefined)?.serviceAccountName;
  const apiServerSource =
    source && sourceSa
      ? await kubeconfigFor(source.metadata.namespace ?? 'default', sourceSa, 'apiserver-source')
      : undefined;
  return { services, apiServerSource };
}
