/**
 * The KubePort adapter: a thin REST layer over the API server for the few
 * verbs the functions use. Reads (GET) are retried on network errors, 429 and
 * 5xx; writes are not (a retried create could act twice), callers make them
 * idempotent instead.
 */
import type { KubeList, KubeObject, Stored } from '../api/kube-types.js';
import { describeRef, type ErrorRef, isNotFound, KubeError, kubeErrorFromResponse } from './errors.js';
import { kindInfo, resourcePath } from './kinds.js';
import type { DeleteOptions, GetOptions, KubePort, ListOptions, ObjectRef, PatchType } from './port.js';
import type { RawRequest, RawResponse, Transport } from './transport.js';
import { broken } from '../test-hooks/broken-guarantee.js';

export interface RestClientOptions {
  /** Attempts for a GET (1 = no retry). */
  readAttempts?: number;
  /** First backoff between attempts; doubles each time. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface KubeClient extends KubePort {
  close(): void;
}

const PATCH_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

export function createRestClient(transport: Transport, options: RestClientOptions = {}): KubeClient {
  const attempts = Math.max(1, options.readAttempts ?? 3);
  const backoffMs = options.backoffMs ?? 100;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  /**
   * `serverErrorsFinal`: a 5xx is not retried (a read at a resourceVersion: the server answers 5xx
   * only after its own wait for that version, and the caller falls back to a consistent read).
   */
  async function send(
    req: RawRequest,
    verb: string,
    ref: ErrorRef,
    serverErrorsFinal = false,
  ): Promise<RawResponse> {
    const tries = req.method === 'GET' ? attempts : 1;
    for (let attempt = 1; ; attempt++) {
      let res: RawResponse;
      try {
        res = await transport.request(req);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'NetworkError';
        if (attempt < tries && NETWORK_CODES.has(code)) {
          await sleep(backoffMs * 2 ** (attempt - 1));
          continue;
        }
        throw new KubeError({
          code: 0,
          reason: code,
          verb,
          ref,
          message: 'API server unreachable',
          cause: err,
        });
      }
      if ((res.status === 429 || (res.status >= 500 && !serverErrorsFinal)) && attempt < tries) {
        await sleep(retryAfterMs(res) ?? backoffMs * 2 ** (attempt - 1));
        continue;
      }
      if (res.status >= 400) throw kubeErrorFromResponse(res.status, res.body, verb, ref);
      return res;
    }
  }

  async function json<T>(
    req: RawRequest,
    verb: string,
    ref: ErrorRef,
    serverErrorsFinal = false,
  ): Promise<T> {
    const res = await send(req, verb, ref, serverErrorsFinal);
    try {
      return JSON.parse(res.body) as T;
    } catch (err) {
      throw new Error(`${verb} ${describeRef(ref)}: response is not JSON`, { cause: err });
    }
  }

  const pathOf = (ref: ObjectRef, subresource?: string) =>
    resourcePath(kindInfo(ref.apiVersion, ref.kind), {
      namespace: ref.namespace,
      name: ref.name,
      subresource,
    });
  const refOf = (obj: KubeObject): ObjectRef => ({
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    name: obj.metadata.name ?? '',
  });

  return {
    async get<T extends KubeObject>(ref: ObjectRef, opts: GetOptions = {}): Promise<Stored<T> | undefined> {
      const query = opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : undefined;
      try {
        return await json<Stored<T>>(
          { method: 'GET', path: pathOf(ref), ...(query ? { query } : {}) },
          'get',
          ref,
          !!query,
        );
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async list<T extends KubeObject>(
      apiVersion: string,
      kind: string,
      namespace: string | undefined,
      opts: ListOptions = {},
    ) {
      const path = resourcePath(kindInfo(apiVersion, kind), { namespace });
      const query = {
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        resourceVersion: opts.resourceVersion,
        ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        ...(opts.continue !== undefined ? { continue: opts.continue } : {}),
      };
      const list = await json<KubeList<Stored<T>>>({ method: 'GET', path, query }, 'list', {
        kind,
        namespace,
      });
      // Items of a list carry no apiVersion/kind; fill them so they can be written back as-is.
      for (const item of list.items) {
        item.apiVersion ??= apiVersion;
        item.kind ??= kind;
      }
      return list;
    },
    create<T extends KubeObject>(obj: T): Promise<Stored<T>> {
      const ref = refOf(obj);
      const path = resourcePath(kindInfo(obj.apiVersion, obj.kind), { namespace: ref.namespace });
      return json<Stored<T>>({ method: 'POST', path, body: JSON.stringify(obj) }, 'create', ref);
    },
    replace<T extends KubeObject>(obj: T): Promise<Stored<T>> {
      const ref = refOf(obj);
      return json<Stored<T>>({ method: 'PUT', path: pathOf(ref), body: JSON.stringify(obj) }, 'replace', ref);
    },
    replaceStatus<T extends KubeObject>(obj: T): Promise<Stored<T>> {
      const ref = refOf(obj);
      if (broken('status-resource-version')) {
        const body = JSON.stringify({ status: (obj as { status?: unknown }).status ?? {} });
        const req: RawRequest = {
          method: 'PATCH',
          path: pathOf(ref, 'status'),
          body,
          contentType: PATCH_TYPES.merge,
        };
        return json<Stored<T>>(req, 'patch status of', ref);
      }
      return json<Stored<T>>(
        { method: 'PUT', path: pathOf(ref, 'status'), body: JSON.stringify(obj) },
        'replace status of',
        ref,
      );
    },
    patch<T extends KubeObject>(
      ref: ObjectRef,
      body: unknown,
      type: PatchType = 'merge',
    ): Promise<Stored<T>> {
      const req: RawRequest = {
        method: 'PATCH',
        path: pathOf(ref),
        body: JSON.stringify(body),
        contentType: PATCH_TYPES[type],
      };
      return json<Stored<T>>(req, 'patch', ref);
    },
    patchStatus<T extends KubeObject>(
      ref: ObjectRef,
      body: unknown,
      type: PatchType = 'merge',
    ): Promise<Stored<T>> {
      const req: RawRequest = {
        method: 'PATCH',
        path: pathOf(ref, 'status'),
        body: JSON.stringify(body),
        contentType: PATCH_TYPES[type],
      };
      return json<Stored<T>>(req, 'patch status of', ref);
    },
    async delete(ref: ObjectRef, opts: DeleteOptions = {}): Promise<boolean> {
      const body = {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        ...(opts.propagationPolicy ? { propagationPolicy: opts.propagationPolicy } : {}),
        ...(opts.uid ? { preconditions: { uid: opts.uid } } : {}),
      };
      try {
        await send({ method: 'DELETE', path: pathOf(ref), body: JSON.stringify(body) }, 'delete', ref);
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },
    async podLogs(namespace: string, pod: string, container: string, tailLines?: number): Promise<string> {
      const ref = { kind: 'Pod', namespace, name: pod };
      const path = resourcePath(kindInfo('v1', 'Pod'), { namespace, name: pod, subresource: 'log' });
      const res = await send({ method: 'GET', path, query: { container, tailLines } }, 'read logs of', ref);
      return res.body;
    },
    close: () => transport.close(),
  };
}

function retryAfterMs(res: RawResponse): number | undefined {
  const v = Number(res.headers['retry-after']);
  // Bounded: a function answering an event must not sleep long; the broker retries later.
  return Number.isFinite(v) && v >= 0 ? Math.min(v * 1000, 2000) : undefined;
}
