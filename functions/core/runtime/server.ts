/**
 * The HTTP face of a function (SPEC.md §2): POST / takes CloudEvents in binary
 * or structured mode; GET /healthz; GET /metrics. 202/204 carry an empty body
 * (a non-empty non-CloudEvent body makes the Knative broker answer 502).
 * A plain node:http listener: express and body-parser were a third of the
 * functions' CPU in a 1,000-Task burst, for three routes (README, "Speed").
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { EventContext } from './handle-event.js';
import { handleDelivery } from './handle-event.js';
import { BodyError, readBody } from './read-body.js';

export interface AppOptions<Config> extends EventContext<Config> {
  registry: Registry;
  /** Largest accepted request body in bytes (default 25 MiB); GitHub payloads can be large. */
  bodyLimitBytes?: number;
}

export interface FunctionApp {
  app: RequestListener;
  /** Events being handled right now; shutdown waits for them. */
  inFlight(): number;
}

const DEFAULT_LIMIT = 25 * 1024 * 1024;

function send(res: ServerResponse, status: number, body?: string, type = 'application/json; charset=utf-8') {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
}

export function createApp<Config>(options: AppOptions<Config>): FunctionApp {
  const log = options.deps.log;
  let active = 0;

  const post = async (req: IncomingMessage, res: ServerResponse) => {
    active++;
    try {
      let body: string;
      try {
        body = await readBody(req, options.bodyLimitBytes ?? DEFAULT_LIMIT);
      } catch (err) {
        // The client's fault: its 4xx with the reason, logged once (no stack).
        const status = err instanceof BodyError ? err.status : 400;
        const message = err instanceof Error ? err.message : String(err);
        log.warn('rejected unreadable request', { status, error: message, path: '/' });
        send(res, status, JSON.stringify({ error: message }));
        return;
      }
      const answer = await handleDelivery(options, req.headers, body);
      send(res, answer.status, answer.body ? JSON.stringify(answer.body) : undefined);
    } finally {
      active--;
    }
  };

  const app: RequestListener = (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/') {
      post(req, res).catch((err: unknown) => {
        log.error('request failed before handling', { status: 503, error: String(err), path });
        if (!res.headersSent) send(res, 503, JSON.stringify({ error: 'internal error' }));
      });
      return;
    }
    if (req.method === 'GET' && path === '/healthz') return send(res, 200, 'ok', 'text/plain; charset=utf-8');
    if (req.method === 'GET' && path === '/metrics') {
      options.registry.metrics().then(
        (text) => send(res, 200, text, options.registry.contentType),
        (err: unknown) => send(res, 503, JSON.stringify({ error: String(err) })),
      );
      return;
    }
    req.resume();
    send(res, 404, JSON.stringify({ error: `no route for ${req.method} ${path}` }));
  };
  return { app, inFlight: () => active };
}
