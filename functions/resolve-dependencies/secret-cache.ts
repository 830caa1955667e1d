/**
 * A short positive cache of the Secrets the gates read, per warm process and
 * API client: a burst of 1,000 Tasks naming one credentials Secret reads it
 * about once per SECRET_CACHE_MS instead of 1,000 times. Only "exists, with
 * these keys" is kept (secret-summary.ts; no values). A Secret that is
 * missing, or lacks what this Task needs, is never answered from the cache:
 * it is read again, so a Task waits only on the API server's word.
 *
 * Deliberate staleness: a Secret deleted (or a key removed) within the
 * window can still admit a Task; its Pod then stays in
 * CreateContainerConfigError until the Secret is back, which is what the
 * original did for every missing Secret.
 */
import type { KubePort } from '../core/k8s/port.js';
import { summarizeSecret, type SecretObject, type SecretSummary } from './secret-summary.js';

export const SECRET_CACHE_MS = 10_000;
/** Beyond this many entries, expired ones are dropped (many namespaces, one process). */
const MAX_ENTRIES = 1024;

interface Entry {
  summary: SecretSummary;
  readAt: number;
}

const caches = new WeakMap<KubePort, Map<string, Entry>>();

/** Whether a cached entry may answer: fresh and good enough for this Task (pure). */
export function usable(
  entry: Entry | undefined,
  now: number,
  enough: (s: SecretSummary) => boolean,
): entry is Entry {
  return !!entry && now - entry.readAt >= 0 && now - entry.readAt < SECRET_CACHE_MS && enough(entry.summary);
}

export async function readSecretSummary(
  kube: KubePort,
  namespace: string,
  name: string,
  now: Date,
  enough: (s: SecretSummary) => boolean,
): Promise<SecretSummary | undefined> {
  const cache = caches.get(kube) ?? new Map<string, Entry>();
  caches.set(kube, cache);
  const key = `${namespace}/${name}`;
  const at = now.getTime();
  const hit = cache.get(key);
  if (usable(hit, at, enough)) return hit.summary;
  const secret = await kube.get<SecretObject>({ apiVersion: 'v1', kind: 'Secret', namespace, name });
  if (!secret) {
    cache.delete(key);
    return undefined;
  }
  const summary = summarizeSecret(secret);
  if (enough(summary)) remember(cache, key, { summary, readAt: at });
  else cache.delete(key);
  return summary;
}

function remember(cache: Map<string, Entry>, key: string, entry: Entry): void {
  if (cache.size >= MAX_ENTRIES) {
    for (const [k, e] of cache) if (entry.readAt - e.readAt >= SECRET_CACHE_MS) cache.delete(k);
    if (cache.size >= MAX_ENTRIES) cache.clear();
  }
  cache.set(key, entry);
}
