/**
 * One keep-alive HTTPS (or HTTP) connection pool to the API server, with the
 * credentials applied to every request. No retries here: the REST client
 * decides what is safe to retry.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { KubeCredentials } from './credentials.js';
import { createH2Requests } from './h2-requests.js';

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: string;
  contentType?: string;
  /** Inactivity timeout; 0 = none (watches, followed logs). */
  timeoutMs?: number;
  /** Aborts the request (and an opened stream). */
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface Transport {
  request(req: RawRequest): Promise<RawResponse>;
  /** The response as a stream, whatever its status (log streams, watches); the caller reads it. */
  open(req: RawRequest): Promise<http.IncomingMessage>;
  /** Closes idle keep-alive sockets so the process can exit. */
  close(): void;
}

/** The TLS alert of a server that speaks no HTTP/2 (ALPN). */
const NO_HTTP2 = 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL';

/** A projected token file is re-read at most this often (the kubelet rotates it). */
const TOKEN_FILE_TTL_MS = 60_000;

export interface TransportOptions {
  /** Plain requests over one HTTP/2 connection when the server is https (default true; h2-requests.ts). */
  http2?: boolean;
}

export function createTransport(
  creds: KubeCredentials,
  defaultTimeoutMs = 10_000,
  options: TransportOptions = {},
): Transport {
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
  let h2 =
    secure && options.http2 !== false
      ? createH2Requests({
          origin: url.origin,
          ca: creds.ca,
          cert: creds.cert,
          key: creds.key,
          rejectUnauthorized: !creds.insecureSkipTlsVerify,
        })
      : undefined;

  async function open(req: RawRequest): Promise<http.IncomingMessage> {
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    const bearer = await token();
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
      ...(req.signal ? { signal: req.signal } : {}),
    };
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const client = secure ? https : http;
      const r = client.request(options, resolve);
      const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
      if (timeoutMs > 0)
        r.setTimeout(timeoutMs, () => {
          r.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' }));
        });
      r.on('error', reject);
      r.end(req.body);
    });
  }

  async function request(req: RawRequest): Promise<RawResponse> {
    if (h2) {
      const headers: Record<string, string | number> = { accept: 'application/json' };
      const bearer = await token();
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      if (req.body !== undefined) {
        headers['content-type'] = req.contentType ?? 'application/json';
        headers['content-length'] = Buffer.byteLength(req.body);
      }
      try {
        return await h2.request({
          method: req.method,
          path: basePath + req.path + queryString(req.query),
          headers,
          body: req.body,
          timeoutMs: req.timeoutMs ?? defaultTimeoutMs,
          signal: req.signal,
        });
      } catch (err) {
        // A server (or a proxy in front of it) without HTTP/2 refuses it in the TLS handshake, before
        // anything is sent: from then on, HTTPS/1.1 for this transport.
        if ((err as NodeJS.ErrnoException).code !== NO_HTTP2) throw err;
        h2?.close();
        h2 = undefined;
      }
    }
    const res = await open(req);
    return new Promise<RawResponse>((resolve, reject) => {
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
  }

  return {
    request,
    open,
    close: () => {
      agent.destroy();
      h2?.close();
    },
  };
}

function queryString(query: RawRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function tokenSource(creds: KubeCredentials): () => Promise<string | undefined> {
  if (creds.tokenProvider) return creds.tokenProvider;
  if (creds.token || !creds.tokenFile) return () => Promise.resolve(creds.token);
  const file = creds.tokenFile;
  let cached: string | undefined;
  let readAt = -Infinity;
  return async () => {
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
