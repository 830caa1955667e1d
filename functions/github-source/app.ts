/**
 * The HTTP face of github-source: POST / (and /webhook) read as raw bytes up
 * to the configured limit, so the signature is checked over exactly what
 * GitHub signed; GET /healthz. Not a CloudEvents consumer, so it does not use
 * the runtime's POST handling.
 */
import express from 'express';
import { Webhooks } from '@octokit/webhooks';
import type { Logger } from '../core/runtime/contract.js';
import { requestErrorHandler } from '../core/runtime/request-error.js';
import type { GitHubSourceConfig } from './config.js';
import { handleWebhook, type WebhookDeps } from './handler.js';

export interface WebhookAppOptions {
  config: GitHubSourceConfig;
  log: Logger;
  now?: () => Date;
  fetch?: typeof globalThis.fetch;
}

export function createWebhookApp(options: WebhookAppOptions): {
  app: express.Express;
  inFlight: () => number;
} {
  const { config, log } = options;
  const webhooks = new Webhooks({ secret: config.webhookSecret });
  const doFetch = options.fetch ?? globalThis.fetch;
  const deps: WebhookDeps = {
    verify: (payload, signature) => webhooks.verify(payload, signature),
    send: async (event) => {
      const res = await doFetch(config.sink, {
        method: 'POST',
        headers: event.headers,
        body: event.body,
        signal: AbortSignal.timeout(config.sinkTimeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status };
    },
    log,
    now: options.now ?? (() => new Date()),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  let active = 0;
  const receive: express.RequestHandler = async (req, res) => {
    active++;
    try {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const answer = await handleWebhook(req.headers, raw, deps);
      if (answer.body) res.status(answer.status).json(answer.body);
      else res.status(answer.status).end();
    } finally {
      active--;
    }
  };
  const raw = express.raw({ type: () => true, limit: config.bodyLimit });
  app.post('/', raw, receive);
  app.post('/webhook', raw, receive);
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  // Too large or unreadable bodies: the status body-parser gives, as every function answers.
  app.use(requestErrorHandler(log));
  return { app, inFlight: () => active };
}
