/**
 * Raw JSON requests to the API server over the functions' transport
 * (functions/core/k8s/transport.ts), failures as the one KubeError with the
 * API server's own words as message (`tasks.kelos.dev "x" not found`), as
 * kubectl shows them. We do not use KubernetesObjectApi for writes: its
 * serializer picks a generated model from apiVersion/kind, so a Knative
 * `serving.knative.dev/v1` Service is serialized as a core V1Service and
 * loses its spec. Plain JSON in and out keeps every object intact.
 */
import type { IncomingMessage } from 'node:http';
import { kubeErrorFromResponse } from '../../functions/core/k8s/errors.js';
import type { Transport } from '../../functions/core/k8s/transport.js';

export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

export class RestClient {
  constructor(private readonly transport: Transport) {}

  /** Opens the response; the caller reads it (used for log streams). Non-2xx → KubeError. */
  async open(req: RestRequest): Promise<IncomingMessage> {
    const res = await this.transport.open({
      method: req.method,
      path: req.path,
      ...(req.query ? { query: req.query } : {}),
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      ...(req.contentType ? { contentType: req.contentType } : {}),
      // A followed log stays open as long as the container runs.
      timeoutMs: 0,
    });
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    throw kubeErrorFromResponse(status, await readAll(res), req.method, undefined, { plain: true });
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
