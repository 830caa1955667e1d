/**
 * A small HTTP-aware fault proxy between the functions and kube-apiserver:
 * the functions' kubeconfig points at it (plain HTTP on loopback), and it
 * forwards each request over HTTPS to the API server. While a fault rate is
 * set, a seeded share of requests gets one fault: 429 with Retry-After, 500,
 * a reset before forwarding, a reset after the API server answered (the
 * write happened, the caller never hears of it), or added latency.
 * Why not Toxiproxy: it works on TCP streams, so through TLS it can delay and
 * cut connections but cannot answer 429 or 500; and building it from its Go
 * module costs minutes of this 2-core machine's CPU. This is ~100 lines.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import type { Rng } from './rng.js';

export const PROXY_FAULTS = ['429', '500', 'reset-before', 'reset-after', 'latency'] as const;
export type ProxyFault = (typeof PROXY_FAULTS)[number];

export interface FaultProxy {
  url: string;
  /** Share of requests that get a fault (0 = a transparent proxy). */
  setRate(rate: number): void;
  readonly injected: Record<ProxyFault, number>;
  readonly forwarded: () => number;
  close(): Promise<void>;
}

export async function startFaultProxy(o: {
  server: string;
  caFile: string;
  rng: Rng;
  /** Every request waits up to this long before it is forwarded (a slow API server: wider races). */
  jitterMs?: number;
  /** Task status writes wait up to this long more (a writer whose read is long stale when it lands). */
  statusWriteJitterMs?: number;
}): Promise<FaultProxy> {
  const upstream = new URL(o.server);
  const agent = new Agent({ keepAlive: true, maxSockets: 256, ca: readFileSync(o.caFile) });
  const injected = Object.fromEntries(PROXY_FAULTS.map((f) => [f, 0])) as Record<ProxyFault, number>;
  let rate = 0;
  let forwarded = 0;

  const status = (res: ServerResponse, code: number, reason: string) => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: `storm: ${reason}`,
      reason,
      code,
    });
    res.writeHead(code, {
      'content-type': 'application/json',
      ...(code === 429 ? { 'retry-after': '0' } : {}),
    });
    res.end(body);
  };

  const forward = (req: IncomingMessage, res: ServerResponse, resetAfter: boolean) => {
    forwarded++;
    const up = httpsRequest(
      {
        protocol: 'https:',
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
        agent,
        timeout: 60_000,
      },
      (answer) => {
        if (resetAfter) {
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // pipeline, not pipe: a caller that hung up must not leave the answer unread and its socket stuck in the pool.
        pipeline(answer, res, () => undefined);
      },
    );
    up.on('timeout', () => up.destroy());
    // The API server is down (restarting): the caller sees its connection cut, as it would.
    up.on('error', () => req.socket.destroy());
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    pipeline(req, up, () => undefined);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (rate <= 0 || !o.rng.chance(rate)) return forward(req, res, false);
    const fault = o.rng.pick(PROXY_FAULTS);
    injected[fault]++;
    switch (fault) {
      case '429':
        req.resume();
        return status(res, 429, 'TooManyRequests');
      case '500':
        req.resume();
        return status(res, 500, 'InternalError');
      case 'reset-before':
        req.resume();
        return void req.socket.destroy();
      case 'reset-after':
        return forward(req, res, true);
      case 'latency':
        return void setTimeout(() => forward(req, res, false), 50 + o.rng.int(400));
    }
  };
  const server: Server = createServer((req, res) => {
    const wait =
      (o.jitterMs ? o.rng.int(o.jitterMs) : 0) +
      (o.statusWriteJitterMs && isTaskStatusWrite(req) ? o.rng.int(o.statusWriteJitterMs) : 0);
    if (wait > 0) setTimeout(() => handle(req, res), wait);
    else handle(req, res);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setRate: (r) => void (rate = r),
    injected,
    forwarded: () => forwarded,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

function isTaskStatusWrite(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?')[0] ?? '';
  return (req.method === 'PUT' || req.method === 'PATCH') && /\/tasks\/[^/]+\/status$/.test(path);
}
