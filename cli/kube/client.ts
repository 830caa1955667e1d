/**
 * The CLI's view of the cluster: a handful of generic calls over plain JSON
 * REST (rest.ts says why not KubernetesObjectApi) on the functions' transport,
 * with the kubeconfig loaded by @kubernetes/client-node's KubeConfig
 * (credentials.ts says why). Paths come from API discovery, not the functions'
 * static kind table: the CLI addresses any kind (Knative Services, CRDs) and
 * runs once, where the functions must not pay discovery round trips at cold
 * start. Commands take a `CliKube`, so tests pass a real one or a fake.
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KubeConfig } from '@kubernetes/client-node';
import type { ObjectMeta } from '../../functions/core/api/kube-types.js';
import { isNotFound, isTooManyRequests } from './errors.js';
import { RestClient, type RestRequest } from './rest.js';
import { Discovery } from './discovery.js';
import { cliCredentials } from './credentials.js';
import { createTransport } from '../../functions/core/k8s/transport.js';

/** Any API object (the kelos types have no index signature, so KubeObject does not fit them). */
export interface AnyObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

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
  /** `dryRun`: the API server validates (schema, CEL, name, AlreadyExists) and persists nothing. */
  create<T extends AnyObject>(obj: T, opts?: { dryRun?: boolean }): Promise<T>;
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
  const path = kubeconfigPath || env['KUBECONFIG']?.split(':')[0];
  try {
    if (path) kc.loadFromFile(path);
    else kc.loadFromDefault();
  } catch (err) {
    throw new Error(`loading kubeconfig${path ? ` ${path}` : ''}: ${(err as Error).message}`, { cause: err });
  }
  return kc;
}

const RETRIES = 6;
const RETRY_MS = 250;
const FIELD_MANAGER = 'kelos';

export function createKubeClient(kc: KubeConfig): CliKube {
  const rest = new RestClient(createTransport(cliCredentials(kc)));
  const discovery = new Discovery(rest);
  const call = async <T>(req: RestRequest): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await rest.json<T>(req);
      } catch (err) {
        // 429 means "not processed, come back later" (e.g. "storage is (re)initializing" just after a CRD appears).
        if (!isTooManyRequests(err) || attempt >= RETRIES) throw err;
        await new Promise((r) => setTimeout(r, RETRY_MS * attempt));
      }
    }
  };
  const refOf = (o: AnyObject) => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    namespace: o.metadata.namespace,
    name: o.metadata.name,
  });
  return {
    contextNamespace: kc.getContextObject(kc.getCurrentContext())?.namespace,
    async get<T extends AnyObject>(ref: Ref) {
      try {
        return await call<T>({ method: 'GET', path: await discovery.path(ref) });
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async list<T extends AnyObject>(apiVersion: string, kind: string, namespace: string | undefined) {
      const list = await call<{ items?: T[] }>({
        method: 'GET',
        path: await discovery.path({ apiVersion, kind, namespace }),
      });
      // List items come without apiVersion/kind; put them back so objects look the same as from get.
      return (list.items ?? []).map((i) => ({ ...i, apiVersion, kind }));
    },
    async create<T extends AnyObject>(obj: T, opts: { dryRun?: boolean } = {}) {
      const path = await discovery.path({ ...refOf(obj), name: undefined });
      return call<T>({
        method: 'POST',
        path,
        body: obj,
        ...(opts.dryRun ? { query: { dryRun: 'All' } } : {}),
      });
    },
    async replace<T extends AnyObject>(obj: T) {
      return call<T>({ method: 'PUT', path: await discovery.path(refOf(obj)), body: obj });
    },
    async delete(ref: Ref) {
      await call({
        method: 'DELETE',
        path: await discovery.path(ref),
        query: { propagationPolicy: 'Background' },
      });
    },
    async apply(obj: AnyObject) {
      await call({
        method: 'PATCH',
        path: await discovery.path(refOf(obj)),
        query: { fieldManager: FIELD_MANAGER, force: 'true' },
        body: obj,
        contentType: 'application/apply-patch+yaml',
      });
    },
    async streamLogs(req: LogRequest) {
      const res = await rest.open({
        method: 'GET',
        path: `/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(req.pod)}/log`,
        query: { container: req.container, ...(req.follow ? { follow: 'true' } : {}) },
      });
      await pipeline(res, req.out, { end: false });
    },
  };
}
