import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  token: string;
  caFile: string;
  name?: string;
  namespace?: string;
}

/** An admin kubeconfig (token auth) for the embedded control plane. */
export function renderKubeconfig(o: KubeconfigOptions): string {
  const name = o.name ?? 'kelos-local';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: o.server, 'certificate-authority': o.caFile } }],
    users: [{ name: `${name}-admin`, user: { token: o.token } }],
    contexts: [
      {
        name,
        context: { cluster: name, user: `${name}-admin`, ...(o.namespace ? { namespace: o.namespace } : {}) },
      },
    ],
    'current-context': name,
  });
}

export async function writeKubeconfig(path: string, o: KubeconfigOptions): Promise<void> {
  await writeFile(path, renderKubeconfig(o), { mode: 0o600 });
}
