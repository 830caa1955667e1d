/**
 * A read at least as new as a resourceVersion an event (or a list) carried.
 * The API server answers it from its watch cache, waiting for the cache to
 * reach that version, instead of a quorum read from etcd: the same truth the
 * event announced, cheaper, and every write decided from it is still guarded
 * by its resourceVersion. The version comes from an event anyone could send,
 * so it only ever chooses where the read is served, never what is read; one
 * the API server refuses (not a number: 500 InternalError, as kube-apiserver
 * 1.36 answers it; beyond anything it has: 504 after its own wait) falls back
 * to the consistent read at once: the client does not retry a 5xx of a read
 * at a version (a forged version held a read ~10 s when it did). Throttling
 * (429) and an unreachable server are not retried here: a second request
 * would only add to them.
 */
import type { KubeObject, Stored } from '../api/kube-types.js';
import { isKubeError } from './errors.js';
import type { KubePort, ObjectRef } from './port.js';

export async function getNotOlderThan<T extends KubeObject>(
  kube: Pick<KubePort, 'get'>,
  ref: ObjectRef,
  resourceVersion: string | undefined,
): Promise<Stored<T> | undefined> {
  if (!resourceVersion) return kube.get<T>(ref);
  try {
    return await kube.get<T>(ref, { resourceVersion });
  } catch (err) {
    if (isKubeError(err) && err.code >= 400 && err.code !== 429) return kube.get<T>(ref);
    throw err;
  }
}
