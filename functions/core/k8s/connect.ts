/** Builds the production KubePort from the environment: credentials, transport, REST client. */
import { loadKubeCredentials } from './credentials.js';
import { createRestClient, type KubeClient, type RestClientOptions } from './rest-client.js';
import { createTransport } from './transport.js';

export interface ConnectOptions extends RestClientOptions {
  timeoutMs?: number;
}

export async function connectKube(
  env: NodeJS.ProcessEnv = process.env,
  options: ConnectOptions = {},
): Promise<KubeClient> {
  const creds = await loadKubeCredentials(env);
  // KELOS_KUBE_HTTP2=off: every request over HTTPS/1.1 (an API server behind a proxy without HTTP/2).
  const http2 = env.KELOS_KUBE_HTTP2 !== 'off';
  return createRestClient(createTransport(creds, options.timeoutMs, { http2 }), options);
}
