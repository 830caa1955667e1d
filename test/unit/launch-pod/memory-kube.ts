/**
 * A tiny in-memory KubePort for unit tests of code that only gets, creates
 * and replaces objects. Anything else throws, so a test notices when the code
 * under test starts doing more than it should.
 */
import type { KubeList, KubeObject, Stored } from '../../../functions/core/api/kube-types.js';
import { KubeError } from '../../../functions/core/k8s/errors.js';
import type { KubePort, ObjectRef } from '../../../functions/core/k8s/port.js';

export interface MemoryKube extends KubePort {
  objects: Map<string, Stored<KubeObject>>;
  calls: string[];
}

const keyOf = (r: { kind: string; namespace?: string | undefined; name?: string | undefined }) =>
  `${r.kind}/${r.namespace ?? ''}/${r.name ?? ''}`;
const objectKey = (o: KubeObject) =>
  keyOf({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });

/** As the API server: a namespaced object is stored with a name and a namespace, or not at all. */
function stored<T extends KubeObject>(o: T): Stored<T> {
  const { name, namespace } = o.metadata;
  if (!name || !namespace) throw new KubeError({ code: 422, reason: 'Invalid', verb: 'create' });
  return { ...o, metadata: { ...o.metadata, name, namespace } };
}

export function memoryKube(initial: KubeObject[] = []): MemoryKube {
  const objects = new Map<string, Stored<KubeObject>>();
  const calls: string[] = [];
  let rv = 1;
  const store = <T extends KubeObject>(o: T): Stored<T> => {
    const copy = structuredClone(
      stored({ ...o, metadata: { ...o.metadata, resourceVersion: String(rv++) } }),
    );
    objects.set(objectKey(o), copy);
    return structuredClone(copy);
  };
  for (const o of initial) store(o);
  const unsupported = (verb: string) => () => Promise.reject(new Error(`memoryKube: ${verb} not supported`));
  return {
    objects,
    calls,
    async get<T extends KubeObject>(ref: ObjectRef) {
      calls.push(`get ${keyOf(ref)}`);
      const o = objects.get(keyOf(ref));
      return o ? (structuredClone(o) as Stored<T>) : undefined;
    },
    async create<T extends KubeObject>(obj: T) {
      calls.push(`create ${objectKey(obj)}`);
      if (objects.has(objectKey(obj))) {
        throw new KubeError({ code: 409, reason: 'AlreadyExists', verb: 'create' });
      }
      return store(obj);
    },
    async replace<T extends KubeObject>(obj: T) {
      calls.push(`replace ${objectKey(obj)}`);
      return store(obj);
    },
    list: unsupported('list') as <T extends KubeObject>() => Promise<KubeList<Stored<T>>>,
    replaceStatus: unsupported('replaceStatus'),
    patch: unsupported('patch'),
    patchStatus: unsupported('patchStatus'),
    delete: unsupported('delete'),
    podLogs: unsupported('podLogs'),
  };
}
