/**
 * An in-memory KubePort with the API server's optimistic concurrency: every
 * write bumps resourceVersion, a stale replaceStatus is a 409 Conflict, a
 * taken name is AlreadyExists, delete honours the uid precondition. Tests
 * can make the next N status writes conflict, as a racing replica would.
 */
import type { KubeList, KubeObject, Stored } from '../../../functions/core/api/kube-types.js';
import { KubeError } from '../../../functions/core/k8s/errors.js';
import type { DeleteOptions, KubePort, ObjectRef } from '../../../functions/core/k8s/port.js';

export interface MemoryKube extends KubePort {
  objects: Map<string, Stored<KubeObject>>;
  /** Makes the next `n` replaceStatus calls fail with Conflict after bumping the object (someone else wrote). */
  conflictNext(n: number): void;
  writes: number;
}

const key = (apiVersion: string, kind: string, namespace: string | undefined, name: string) =>
  `${apiVersion}|${kind}|${namespace ?? ''}|${name}`;
const keyOf = (o: KubeObject) => key(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name ?? '');
const clone = <T>(o: T): T => structuredClone(o);

/** As the API server: a namespaced object is stored with a name and a namespace, or not at all. */
function stored<T extends KubeObject>(o: T): Stored<T> {
  const { name, namespace } = o.metadata;
  if (!name || !namespace) throw new KubeError({ code: 422, reason: 'Invalid', verb: 'create' });
  return { ...o, metadata: { ...o.metadata, name, namespace } };
}

export function memoryKube(initial: KubeObject[] = []): MemoryKube {
  let rv = 100;
  let conflicts = 0;
  const objects = new Map<string, Stored<KubeObject>>();
  const store = <T extends KubeObject>(o: T): Stored<T> => {
    const copy = clone(stored(o));
    copy.metadata.resourceVersion = String(++rv);
    copy.metadata.uid ??= `uid-${copy.metadata.name}-${rv}`;
    copy.metadata.creationTimestamp ??= '2026-11-25T10:00:00Z';
    objects.set(keyOf(copy), copy);
    return clone(copy);
  };
  for (const o of initial) store(o);
  const fail = (code: number, reason: string, verb: string) => new KubeError({ code, reason, verb });
  const kube: MemoryKube = {
    objects,
    writes: 0,
    conflictNext: (n) => (conflicts = n),
    get: async <T extends KubeObject>(ref: ObjectRef) => {
      const o = objects.get(key(ref.apiVersion, ref.kind, ref.namespace, ref.name));
      return (o ? clone(o) : undefined) as Stored<T> | undefined;
    },
    list: async <T extends KubeObject>(apiVersion: string, kind: string, namespace: string | undefined) => {
      const items = [...objects.values()].filter(
        (o) =>
          o.apiVersion === apiVersion &&
          o.kind === kind &&
          (namespace === undefined || o.metadata.namespace === namespace),
      );
      return { apiVersion, kind: `${kind}List`, metadata: {}, items: items.map(clone) } as KubeList<
        Stored<T>
      >;
    },
    create: async <T extends KubeObject>(obj: T) => {
      if (objects.has(keyOf(obj))) throw fail(409, 'AlreadyExists', 'create');
      kube.writes += 1;
      return store(obj);
    },
    replaceStatus: async <T extends KubeObject>(obj: T) => {
      const current = objects.get(keyOf(obj));
      if (!current) throw fail(404, 'NotFound', 'replaceStatus');
      if (conflicts > 0) {
        conflicts -= 1;
        store(current);
        throw fail(409, 'Conflict', 'replaceStatus');
      }
      if (current.metadata.resourceVersion !== obj.metadata.resourceVersion)
        throw fail(409, 'Conflict', 'replaceStatus');
      kube.writes += 1;
      return store<KubeObject>({ ...current, status: obj['status'] }) as Stored<T>;
    },
    delete: async (ref: ObjectRef, options?: DeleteOptions) => {
      const k = key(ref.apiVersion, ref.kind, ref.namespace, ref.name);
      const o = objects.get(k);
      if (!o) return false;
      if (options?.uid && o.metadata.uid !== options.uid) throw fail(409, 'Conflict', 'delete');
      objects.delete(k);
      return true;
    },
    replace: () => Promise.reject(new Error('memoryKube: replace not supported')),
    patch: () => Promise.reject(new Error('memoryKube: patch not supported')),
    patchStatus: () => Promise.reject(new Error('memoryKube: patchStatus not supported')),
    podLogs: () => Promise.reject(new Error('memoryKube: podLogs not supported')),
  };
  return kube;
}
