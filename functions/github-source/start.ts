/**
 * Starts github-source: config, logger, the webhook app on PORT, graceful
 * drain on SIGTERM/SIGINT (like the runtime's startFunction, which it cannot
 * use because it serves webhooks, not CloudEvents).
 */
import type { AddressInfo } from 'node:net';
import { createLogger } from '../core/log/create-logger.js';
import type { Logger } from '../core/runtime/contract.js';
import { drain, listen } from '../core/runtime/http-server.js';
import { createWebhookApp } from './app.js';
import { readConfig } from './config.js';

export interface StartGitHubSourceOptions {
  env?: NodeJS.ProcessEnv;
  host?: string;
  port?: number;
  log?: Logger;
  fetch?: typeof globalThis.fetch;
  handleSignals?: boolean;
}

export interface RunningGitHubSource {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startGitHubSource(
  options: StartGitHubSourceOptions = {},
): Promise<RunningGitHubSource> {
  const env = options.env ?? process.env;
  const config = readConfig(env);
  const log = options.log ?? createLogger({ name: 'github-source', env });
  const { app, inFlight } = createWebhookApp({
    config,
    log,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const host = options.host ?? '0.0.0.0';
  const server = await listen(app, options.port ?? Number(env.PORT ?? 8080), host);
  const port = (server.address() as AddressInfo).port;
  log.info('github-source ready', { port, startupMs: Math.round(performance.now()) });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= drain(server, inFlight, 20_000);
    return closing;
  };
  if (options.handleSignals ?? true) {
    const onSignal = (): void => {
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  return { url: `http://${shown}:${port}`, port, close };
}
