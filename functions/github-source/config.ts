/**
 * github-source configuration, read once from the environment:
 * - `GITHUB_WEBHOOK_SECRET` (required): the secret configured on the GitHub webhook;
 * - `K_SINK` (required; injected by the SinkBinding): where CloudEvents go;
 * - `SINK_TIMEOUT` (default 8s): how long to wait for the sink, below GitHub's 10 s;
 * - `WEBHOOK_BODY_LIMIT` (default 25mb): GitHub payloads are capped at 25 MB.
 */
import { envReader } from '../core/config/read-env.js';

export interface GitHubSourceConfig {
  webhookSecret: string;
  sink: string;
  sinkTimeoutMs: number;
  bodyLimit: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): GitHubSourceConfig {
  const r = envReader(env);
  return r.done({
    webhookSecret: r.required('GITHUB_WEBHOOK_SECRET'),
    sink: r.required('K_SINK'),
    sinkTimeoutMs: r.durationMs('SINK_TIMEOUT', 8000),
    bodyLimit: r.optional('WEBHOOK_BODY_LIMIT', '25mb'),
  });
}
