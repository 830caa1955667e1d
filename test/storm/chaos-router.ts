/**
 * The storm's event layer: each function's Trigger delivers to one of these
 * routers instead of the function, and the router hands the CloudEvent to one
 * of the function's replicas, dropping (answering 202 and forgetting it),
 * duplicating (to two replicas at once), or delaying it (so later events
 * overtake it) at seeded rates. The replica's answer goes back to the broker,
 * so its retry policy still applies; a replica that is down answers 503.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Rng } from './rng.js';

export interface ChaosRates {
  drop: number;
  duplicate: number;
  delay: number;
}

export const CALM: ChaosRates = { drop: 0, duplicate: 0, delay: 0 };

/** `drop=0.05,duplicate=0.5,delay=0.35`, as `--chaos` takes it and replay commands print it. */
export function formatChaos(r: ChaosRates): string {
  return `drop=${r.drop},duplicate=${r.duplicate},delay=${r.delay}`;
}

/** Parses `--chaos`; rates left out are 0, and anything else is an error naming the bad part. */
export function parseChaos(text: string): ChaosRates {
  const rates: ChaosRates = { ...CALM };
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const [key, value, extra] = part.split('=').map((p) => p.trim());
    const rate = Number(value);
    if (extra !== undefined || !(key! in rates) || value === undefined || !(rate >= 0 && rate <= 1)) {
      throw new Error(`--chaos: "${part}" is not drop|duplicate|delay=<rate between 0 and 1>`);
    }
    rates[key as keyof ChaosRates] = rate;
  }
  return rates;
}

export interface ChaosCounts {
  received: number;
  dropped: number;
  duplicated: number;
  delayed: number;
  replicaDown: number;
}

export interface ChaosRouter {
  url: string;
  counts: ChaosCounts;
  /** Requests being handled by replica i right now. */
  inFlight(replica: number): number;
  close(): Promise<void>;
}

export interface ChaosOptions {
  rng: Rng;
  replicas: () => readonly string[];
  rates: () => ChaosRates;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startChaosRouter(o: ChaosOptions): Promise<ChaosRouter> {
  const counts: ChaosCounts = { received: 0, dropped: 0, duplicated: 0, delayed: 0, replicaDown: 0 };
  const busy = new Map<number, number>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const send = async (
    replica: number,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<{ status: number; body: string; type: string }> => {
    const url = o.replicas()[replica];
    busy.set(replica, (busy.get(replica) ?? 0) + 1);
    try {
      const res = await fetch(url!, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
      return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
    } catch {
      counts.replicaDown++;
      return { status: 503, body: '{"error":"replica unreachable"}', type: 'application/json' };
    } finally {
      busy.set(replica, (busy.get(replica) ?? 1) - 1);
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      counts.received++;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if ((k.startsWith('ce-') || k === 'content-type') && typeof v === 'string') headers[k] = v;
      const rates = o.rates();
      const n = o.replicas().length;
      const roll = o.rng.next();
      if (roll < rates.drop) {
        counts.dropped++;
        res.writeHead(202).end();
        return;
      }
      const first = o.rng.int(n);
      if (roll < rates.drop + rates.delay) {
        counts.delayed++;
        await sleep(50 + o.rng.int(900));
      }
      let answer;
      if (n > 1 && o.rng.chance(rates.duplicate)) {
        counts.duplicated++;
        const second = (first + 1 + o.rng.int(n - 1)) % n;
        [answer] = await Promise.all([send(first, headers, body), send(second, headers, body)]);
      } else answer = await send(first, headers, body);
      res.writeHead(answer.status, answer.body ? { 'content-type': answer.type || 'application/json' } : {});
      res.end(answer.body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(503);
      res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    inFlight: (i) => busy.get(i) ?? 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
