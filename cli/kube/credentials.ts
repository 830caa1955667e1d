/**
 * The CLI's credentials for the shared transport, from @kubernetes/client-node's
 * KubeConfig. The CLI keeps that loader, unlike the functions (whose small
 * kubeconfig reader, functions/core/k8s/credentials.ts, loads fast at cold
 * start): a user's kubeconfig may authenticate through exec plugins or auth
 * providers (cloud clusters), which KubeConfig runs; its bearer token is asked
 * for before each request, so a refreshed token is picked up.
 */
import { readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeCredentials } from '../../functions/core/k8s/credentials.js';

function dataOrFile(data: string | undefined, file: string | undefined): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  return file ? readFileSync(file) : undefined;
}

export function cliCredentials(kc: KubeConfig): KubeCredentials {
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new Error('no current cluster in kubeconfig');
  const user = kc.getCurrentUser();
  return {
    server: cluster.server.replace(/\/+$/, ''),
    ca: dataOrFile(cluster.caData, cluster.caFile),
    cert: dataOrFile(user?.certData, user?.certFile),
    key: dataOrFile(user?.keyData, user?.keyFile),
    insecureSkipTlsVerify: cluster.skipTLSVerify,
    tokenProvider: async () => {
      const opts: RequestOptions = {};
      await kc.applyToHTTPSOptions(opts);
      const auth = (opts.headers as Record<string, unknown> | undefined)?.['Authorization'];
      return typeof auth === 'string' && auth.startsWith('Bearer ')
        ? auth.slice('Bearer '.length)
        : undefined;
    },
    origin: 'kubeconfig',
  };
}
