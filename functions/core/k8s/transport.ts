/**
 * One keep-alive HTTPS (or HTTP) connection pool to the API server, with the
 * credentials applied to every request. No retries here: the REST client
 * decides what is safe to retry.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { KubeCredentials } from './credentials.js';

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: string;
  contentType?: string;
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface Transport {
  request(req: RawRequest): Promise<RawResponse>;
  /** Closes idle keep-alive sockets so the process can exit. */
  close(): void;
}

/** A projected token file is re-read at most this often (the kubelet rotates it). */
const TOKEN_FILE_TTL_MS = 60_000;

export function createTransport(creds: KubeCredentials, defaultTimeoutMs = 10_000): Transport {
  const url = new URL(creds.server);
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        maxSockets: 32,
        ...(creds.ca ? { ca: creds.ca } : {}),
        ...(creds.cert ? { cert: creds.cert } : {}),
        ...(creds.key ? { key: creds.key } : {}),
        rejectUnauthorized: !creds.insecureSkipTlsVerify,
      })
    : new http.Agent({ keepAlive: true, maxSockets: 32 });
  const token = tokenSource(creds);
  const basePath = url.pathname.replace(/\/+$/, '');

  function request(req: RawRequest): Promise<RawResponse> {
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (req.body !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(req.body);
    }
    const options: https.RequestOptions = {
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (secure ? 443 : 80),
      method: req.method,
      path: basePath + req.path + queryString(req.query),
      headers,
      agent,
    };
    return new Promise<RawResponse>((resolve, reject) => {
      const client = secure ? https : http;
      const r = client.request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      });
      r.setTimeout(req.timeoutMs ?? defaultTimeoutMs, () => {
        r.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' }));
      });
      r.on('error', reject);
      r.end(req.body);
    });
  }

  return { request, close: () => agent.destroy() };
}

function queryString(query: RawRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function tokenSource(creds: KubeCredentials): () => string | undefined {
  if (creds.token || !creds.tokenFile) return () => creds.token;
  const file = creds.tokenFile;
  let cached: string | undefined;
  let readAt = -Infinity;
  return () => {
    const now = Date.now();
    if (now - readAt > TOKEN_FILE_TTL_MS) {
      try {
        cached = readFileSync(file, 'utf8').trim();
        readAt = now;
      } catch (err) {
        // Keep the last good token: the kubelet swaps the file atomically, a failed read is brief.
        if (cached === undefined) throw new Error(`reading token file ${file}`, { cause: err });
      }
    }
    return cached;
  };
}
