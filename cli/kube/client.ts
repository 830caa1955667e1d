/**
 * The CLI's view of the cluster: a handful of generic calls over
 * @kubernetes/client-node's KubernetesObjectApi (the CLI is not cold-start
 * critical), pod logs through its Log client, and server-side apply.
 * Commands take a `CliKube`, so tests can pass a real one or a fake.
 */
import type { Writable } from 'node:stream';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ObjectMeta } from '../../functions/core/api/kube-types.js';

/** Any API object (the kelos types have no index signature, so KubeObject does not fit them). */
export interface AnyObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}
import { KubeApiError, NoMatchError, toKubeApiError } from './errors.js';

export interface Ref {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface CliKube {
  /** Namespace of the kubeconfig's current context, if it sets one. */
  readonly contextNamespace: string | undefined;
  /** undefined when the object does not exist. */
  get<T extends AnyObject>(ref: Ref): Promise<T | undefined>;
  /** namespace undefined = all namespaces. */
  list<T extends AnyObject>(apiVersion: string, kind: string, namespace: string | undefined): Promise<T[]>;
  create<T extends AnyObject>(obj: T): Promise<T>;
  replace<T extends AnyObject>(obj: T): Promise<T>;
  /** Throws KubeApiError 404 when absent, NoMatchError when the kind is not served. */
  delete(ref: Ref): Promise<void>;
  /** Server-side apply, field manager `kelos`, force. */
  apply(obj: AnyObject): Promise<void>;
  /** Writes a container's log to `out` (not ended); with follow, until the container ends. */
  streamLogs(opts: LogRequest): Promise<void>;
}

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  out: Writable;
}

export function loadKubeConfig(kubeconfigPath: string | undefined, env: NodeJS.ProcessEnv): KubeConfig {
  const kc = new KubeConfig();
  const path = kubeconfigPath || env['KUBECONFIG'];
  if (path) kc.loadFromFile(path.split(':')[0] ?? path);
  else kc.loadFromDefault();
  return kc;
}

export function createKubeClient(kc: KubeConfig): CliKube {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const call = async <T>(fn: () => Promise<T>, ref?: { apiVersion: string; kind: string }): Promise<T> => {
    try {
      return plain(await fn());
    } catch (err) {
      if (ref && err instanceof Error && err.message.startsWith('Unrecognized API version and kind')) {
        throw new NoMatchError(ref.apiVersion, ref.kind, { cause: err });
      }
      throw toKubeApiError(err);
    }
  };
  const spec = (ref: Ref): KubernetesObject => ({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
  });
  return {
    contextNamespace: kc.getContextObject(kc.getCurrentContext())?.namespace,
    async get<T extends AnyObject>(ref: Ref) {
      try {
        return await call(() => api.read(spec(ref) as never) as unknown as Promise<T>, ref);
      } catch (err) {
        if ((err as { code?: number }).code === 404) return undefined;
        throw err;
      }
    },
    async list<T extends AnyObject>(apiVersion: string, kind: string, namespace: string | undefined) {
      const list = await call(() => api.list(apiVersion, kind, namespace), { apiVersion, kind });
      return list.items as unknown as T[];
    },
    create: <T extends AnyObject>(obj: T) => call(() => api.create(obj as unknown as KubernetesObject) as unknown as Promise<T>, obj),
    replace: <T extends AnyObject>(obj: T) => call(() => api.replace(obj as unknown as KubernetesObject) as unknown as Promise<T>, obj),
    async delete(ref: Ref) {
      await call(() => api.delete(spec(ref)), ref);
    },
    async apply(obj: AnyObject) {
      const body = { ...obj, metadata: { ...obj.metadata } } as unknown as KubernetesObject;
      await call(
        () => api.patch(body, undefined, undefined, 'kelos', true, PatchStrategy.ServerSideApply),
        obj,
      );
    },
    streamLogs: (req) => streamLogs(kc, req),
  };
}

async function streamLogs(kc: KubeConfig, req: LogRequest): Promise<void> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('no current cluster in kubeconfig');
  const url = new URL(`${server}/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(req.pod)}/log`);
  url.searchParams.set('container', req.container);
  if (req.follow) url.searchParams.set('follow', 'true');
  const opts: https.RequestOptions = { method: 'GET', headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const r = (url.protocol === 'https:' ? https : http).request(url, opts, resolve);
    r.once('error', reject);
    r.end();
  });
  if (res.statusCode !== 200) {
    // Read the Status body: "is waiting to start" / "PodInitializing" tell follow mode to retry.
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let message = text || `HTTP ${res.statusCode}`;
    let reason = '';
    try {
      const status = JSON.parse(text) as { message?: string; reason?: string };
      message = status.message ?? message;
      reason = status.reason ?? '';
    } catch {
      // not a Status object: keep the raw text
    }
    throw new KubeApiError(message, res.statusCode ?? 0, reason);
  }
  await pipeline(res, req.out, { end: false });
}

/** Generated models turn timestamps into Dates; the CLI works with the API's RFC 3339 strings. */
function plain<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value),
    (_k, v: unknown) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/.test(v) ? v.replace('.000Z', 'Z') : v),
  ) as T;
}
