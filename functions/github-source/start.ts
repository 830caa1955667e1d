/**
 * Starts github-source: config, logger, and the webhook app (it serves
 * webhooks, not CloudEvents, so not startFunction) in the same process shell
 * as every function (core/runtime/process-shell.ts: PORT, drain, signals).
 */
import { createLogger } from '../core/log/create-logger.js';
import type { Logger } from '../core/runtime/contract.js';
import { readPort, serveProcess, type RunningProcess } from '../core/runtime/process-shell.js';
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

export type RunningGitHubSource = RunningProcess;

export async function startGitHubSource(
  options: StartGitHubSourceOptions = {},
): Promise<RunningGitHubSource> {
  const env = options.env ?? process.env;
  const port = options.port ?? readPort(env);
  const config = readConfig(env);
  const log = options.log ?? createLogger({ name: 'github-source', env });
  const { app, inFlight } = createWebhookApp({
    config,
    log,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return serveProcess({
    name: 'github-source',
    app,
    inFlight,
    log,
    env,
    port,
    tuning: options,
  });
}
