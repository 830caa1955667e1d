/**
 * The Kubernetes port every function talks through. The production adapter is a
 * thin REST client over the API server (k8s/rest-client.ts); tests use the same
 * adapter against the real API server. Nothing here loads
 * @kubernetes/client-node's generated APIs, which cost ~400 ms at cold start.
 */
import type { KubeList, KubeObject, Stored } from '../api/kube-types.js';

/** Addresses one object. `namespace` is omitted for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * `"0"` lets the API server answer from its watch cache (may lag by
   * milliseconds) instead of a consistent read, which can wait ~100 ms for the
   * cache to catch up after writes to other resources.
   */
  resourceVersion?: string;
  /** Page size; the answer's metadata.continue fetches the next page (list-pages.ts). */
  limit?: number;
  continue?: string;
}

export interface GetOptions {
  resourceVersion?: string;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** Delete only if the object still has this uid (guards against deleting a re-created object). */
  uid?: string;
}

export type PatchType = 'merge' | 'json';

/**
 * Objects come back as `Stored<T>`: with name and namespace set, as the API
 * server stores a namespaced object. Every kind in k8s/kinds.ts the functions
 * read is namespaced; the one cluster-scoped kind there (Namespace) is only
 * ever created, by tests, and its answer has no namespace.
 */
export interface KubePort {
  /**
   * Returns undefined when the object does not exist (404). Without options a
   * consistent read; with a resourceVersion, the object at that version or
   * newer, from the watch cache (get-not-older.ts).
   */
  get<T extends KubeObject>(ref: ObjectRef, options?: GetOptions): Promise<Stored<T> | undefined>;
  list<T extends KubeObject>(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    options?: ListOptions,
  ): Promise<KubeList<Stored<T>>>;
  /** Throws KubeError with code 409 (reason AlreadyExists) when the name is taken. */
  create<T extends KubeObject>(obj: T): Promise<Stored<T>>;
  /** PUT of the whole object; carries metadata.resourceVersion, so a stale write is a 409 Conflict. */
  replace<T extends KubeObject>(obj: T): Promise<Stored<T>>;
  /** PUT of the status subresource, guarded by metadata.resourceVersion. */
  replaceStatus<T extends KubeObject>(obj: T): Promise<Stored<T>>;
  patch<T extends KubeObject>(ref: ObjectRef, body: unknown, type?: PatchType): Promise<Stored<T>>;
  patchStatus<T extends KubeObject>(ref: ObjectRef, body: unknown, type?: PatchType): Promise<Stored<T>>;
  /** Returns false when the object was already gone (404). */
  delete(ref: ObjectRef, options?: DeleteOptions): Promise<boolean>;
  /** Container log of a Pod; tailLines limits it like `kubectl logs --tail`. */
  podLogs(namespace: string, pod: string, container: string, tailLines?: number): Promise<string>;
}
