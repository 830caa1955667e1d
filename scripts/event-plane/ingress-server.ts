/**
 * The broker ingress: an HTTP server at /<namespace>/<broker> (the path
 * Knative's broker-ingress uses) that accepts CloudEvents in binary or
 * structured mode and publishes them. 202 on accept, 400 on a bad event.
 * GET /healthz answers 200; GET /events lists what was published (debugging).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlaneEvent } from './cloud-event.js';
import { decodeEvent, EventDecodeError } from './http-binding.js';

export interface IngressOptions {
  /** `/<namespace>/<broker>` paths this ingress serves, each with its publish function. */
  brokers: Map<string, (event: PlaneEvent) => void>;
  published: () => PlaneEvent[];
  host?: string;
  port?: number;
}

export interface Ingress {
  baseUrl: string;
  close(): Promise<void>;
}

export async function startIngress(o: IngressOptions): Promise<Ingress> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/healthz') return void res.writeHead(200).end('ok');
    if (req.method === 'GET' && path === '/events') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(o.published()));
    }
    const publish = o.brokers.get(path.replace(/\/+$/, ''));
    if (!publish) return void res.writeHead(404).end();
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const event = decodeEvent(req.headers, Buffer.concat(chunks).toString('utf8'));
        if (!event) throw new EventDecodeError('request carries no CloudEvent');
        publish(event);
        res.writeHead(202).end();
      } catch (err) {
        const status = err instanceof EventDecodeError ? 400 : 500;
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: (err as Error).message }));
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
