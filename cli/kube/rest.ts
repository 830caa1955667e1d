/**
 * Raw HTTP to the API server with the kubeconfig's credentials
 * (KubeConfig.applyToHTTPSOptions). We do not use KubernetesObjectApi for
 * writes: its serializer picks a generated model from apiVersion/kind, so a
 * Knative `serving.knative.dev/v1` Service is serialized as a core V1Service
 * and loses its spec. Plain JSON in and out keeps every object intact.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from './errors.js';

export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

export class RestClient {
  private readonly server: string;

  constructor(private readonly kc: KubeConfig) {
    const server = kc.getCurrentCluster()?.server;
    if (!server) throw new Error('no current cluster in kubeconfig');
    this.server = server.replace(/\/+$/, '');
  }

  /** Opens the response; the caller reads it (used for log streams). Non-2xx → KubeApiError. */
  async open(req: RestRequest): Promise<IncomingMessage> {
    const url = new URL(this.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const opts: https.RequestOptions = {
      method: req.method,
      headers: {
        Accept: 'application/json',
        ...(payload
          ? { 'Content-Type': req.contentType ?? 'application/json', 'Content-Length': payload.length }
          : {}),
      },
    };
    await this.kc.applyToHTTPSOptions(opts);
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const r = (url.protocol === 'https:' ? https : http).request(url, opts, resolve);
      r.once('error', reject);
      r.end(payload);
    });
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    throw statusError(status, await readAll(res));
  }

  async json<T>(req: RestRequest): Promise<T> {
    const text = await readAll(await this.open(req));
    return (text ? JSON.parse(text) : {}) as T;
  }
}

export async function readAll(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The API server's Status body becomes the error: its message, code and reason. */
function statusError(code: number, text: string): KubeApiError {
  try {
    const s = JSON.parse(text) as { message?: string; reason?: string };
    return new KubeApiError(s.message || `HTTP ${code}`, code, s.reason ?? '');
  } catch {
    return new KubeApiError(text.trim() || `HTTP ${code}`, code, '');
  }
}
