/**
 * API requests as the API server counts them: `apiserver_request_total` from
 * its /metrics, summed by verb and resource (with subresource), and the
 * difference between two scrapes.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';

export interface RequestCount {
  verb: string;
  /** resource or resource/subresource, e.g. `tasks/status`. */
  resource: string;
  code: string;
  count: number;
}

const LINE = /^apiserver_request_total\{([^}]*)\}\s+([0-9.eE+-]+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** Parses the Prometheus text of /metrics into per-(verb, resource, code) counts. */
export function parseRequestTotals(text: string): RequestCount[] {
  const sums = new Map<string, RequestCount>();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1]!.matchAll(LABEL)].map((l) => [l[1]!, l[2]!]));
    const resource = labels.subresource
      ? `${labels.resource}/${labels.subresource}`
      : (labels.resource ?? '');
    const entry = { verb: labels.verb ?? '', resource, code: labels.code ?? '' };
    const key = `${entry.verb} ${entry.resource} ${entry.code}`;
    const prev = sums.get(key);
    sums.set(key, { ...entry, count: (prev?.count ?? 0) + Number(m[2]) });
  }
  return [...sums.values()];
}

/** after − before, dropping rows that did not change. */
export function diffTotals(before: RequestCount[], after: RequestCount[]): RequestCount[] {
  const key = (r: RequestCount) => `${r.verb} ${r.resource} ${r.code}`;
  const base = new Map(before.map((r) => [key(r), r.count]));
  return after.map((r) => ({ ...r, count: r.count - (base.get(key(r)) ?? 0) })).filter((r) => r.count > 0);
}

/** Sums rows by verb and resource (all codes together), largest first. */
export function byVerbAndResource(rows: RequestCount[]): { verb: string; resource: string; count: number }[] {
  const sums = new Map<string, { verb: string; resource: string; count: number }>();
  for (const r of rows) {
    const k = `${r.verb} ${r.resource}`;
    sums.set(k, { verb: r.verb, resource: r.resource, count: (sums.get(k)?.count ?? 0) + r.count });
  }
  return [...sums.values()].sort((a, b) => b.count - a.count);
}

export interface ApiServerAccess {
  server: string;
  token: string;
  caFile: string;
}

export async function scrapeRequestTotals(a: ApiServerAccess): Promise<RequestCount[]> {
  const ca = await readFile(a.caFile);
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      new URL('/metrics', a.server),
      { headers: { Authorization: `Bearer ${a.token}` }, ca },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString('utf8'))
            : reject(new Error(`GET ${a.server}/metrics: HTTP ${res.statusCode}`)),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
  return parseRequestTotals(text);
}
