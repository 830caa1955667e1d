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
  return createRestClient(createTransport(creds, options.timeoutMs), options);
}
