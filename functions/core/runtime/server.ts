/**
 * The HTTP face of a function (SPEC.md §2): POST / takes CloudEvents in binary
 * or structured mode; GET /healthz; GET /metrics. 202/204 carry an empty body
 * (a non-empty non-CloudEvent body makes the Knative broker answer 502).
 */
import express from 'express';
import type { Registry } from 'prom-client';
import type { EventContext } from './handle-event.js';
import { handleDelivery } from './handle-event.js';
import { requestErrorHandler } from './request-error.js';

export interface AppOptions<Config> extends EventContext<Config> {
  registry: Registry;
  /** Largest accepted request body; GitHub payloads can be large. */
  bodyLimit?: string;
}

export interface FunctionApp {
  app: express.Express;
  /** Events being handled right now; shutdown waits for them. */
  inFlight(): number;
}

export function createApp<Config>(options: AppOptions<Config>): FunctionApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  let active = 0;

  // Every content type is read as text: the SDK decides what the body is.
  app.post('/', express.text({ type: () => true, limit: options.bodyLimit ?? '25mb' }), async (req, res) => {
    active++;
    try {
      const body = typeof req.body === 'string' ? req.body : '';
      const answer = await handleDelivery(options, req.headers, body);
      if (answer.body) res.status(answer.status).json(answer.body);
      else res.status(answer.status).end();
    } finally {
      active--;
    }
  });
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  app.get('/metrics', async (_req, res) => {
    res.type(options.registry.contentType).send(await options.registry.metrics());
  });
  app.use(requestErrorHandler(options.deps.log));
  return { app, inFlight: () => active };
}
