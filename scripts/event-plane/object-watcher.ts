/**
 * A list+watch loop for one resource, as an ApiServerSource's reflector runs
 * it: list once for a resourceVersion (emitting nothing, like Knative's
 * adapter, whose store ignores the initial list), then watch from there;
 * follow bookmarks; re-list after 410 Gone; reconnect with exponential backoff
 * after errors, and at once after a clean close.
 */
import type { WatchedObject, WatchVerb } from './apiserver-events.js';
import type { KubeHttp } from './kube-http.js';

export interface WatchTarget {
  apiVersion: string;
  plural: string;
  /** Empty or absent: all namespaces. */
  namespace?: string;
  labelSelector?: string;
}

export interface WatcherLog {
  warn(message: string): void;
}

export interface ObjectWatcherOptions {
  http: KubeHttp;
  target: WatchTarget;
  /** A returned promise pauses the watch stream until it settles (backpressure from the sink). */
  onEvent: (verb: WatchVerb, object: WatchedObject) => void | Promise<void>;
  log: WatcherLog;
  backoff?: { initialMs: number; maxMs: number };
  /** Server-side watch timeout; the loop reconnects after it. */
  watchTimeoutSeconds?: number;
}

export interface ObjectWatcher {
  /** Resolves after the first successful list (the watch starts right after). */
  synced: Promise<void>;
  stop(): Promise<void>;
}

export function collectionPath(target: WatchTarget): string {
  const prefix = target.apiVersion.includes('/') ? `/apis/${target.apiVersion}` : `/api/${target.apiVersion}`;
  const ns = target.namespace ? `/namespaces/${encodeURIComponent(target.namespace)}` : '';
  return `${prefix}${ns}/${target.plural}`;
}

const VERBS: Record<string, WatchVerb> = { ADDED: 'add', MODIFIED: 'update', DELETED: 'delete' };

interface WatchLine {
  type?: string;
  object?: WatchedObject & { metadata?: { resourceVersion?: string }; code?: number };
}

export function startObjectWatcher(o: ObjectWatcherOptions): ObjectWatcher {
  const abort = new AbortController();
  const backoff = o.backoff ?? { initialMs: 200, maxMs: 10_000 };
  const base = collectionPath(o.target);
  const selector = o.target.labelSelector
    ? `&labelSelector=${encodeURIComponent(o.target.labelSelector)}`
    : '';
  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));
  let resourceVersion: string | undefined;

  const list = async () => {
    const { status, body } = await o.http.getJson(`${base}?limit=500${selector}`);
    if (status !== 200) throw new Error(`list ${base}: HTTP ${status}`);
    resourceVersion = (body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
    markSynced();
  };

  const watchOnce = async () => {
    const timeout = o.watchTimeoutSeconds ?? 300;
    const path = `${base}?watch=1&allowWatchBookmarks=true&timeoutSeconds=${timeout}&resourceVersion=${resourceVersion ?? ''}${selector}`;
    const status = await o.http.streamLines(
      path,
      (line) => {
        const event = JSON.parse(line) as WatchLine;
        const rv = event.object?.metadata?.resourceVersion;
        if (event.type === 'ERROR') {
          if (event.object?.code === 410) resourceVersion = undefined;
          throw new Error(`watch ${base}: ${JSON.stringify(event.object)}`);
        }
        if (rv) resourceVersion = rv;
        const verb = event.type ? VERBS[event.type] : undefined;
        return verb && event.object ? o.onEvent(verb, event.object) : undefined;
      },
      abort.signal,
    );
    if (status === 410) {
      // As Knative's adapter, the re-list emits nothing: say so, since what changed meanwhile waits for the resync tick.
      o.log.warn(
        `watch ${base}: resourceVersion ${resourceVersion} is gone (410, the watch fell behind the API server's window); re-listing: changes in between reach subscribers only through the resync tick`,
      );
      resourceVersion = undefined;
    } else if (status !== 200 && !abort.signal.aborted) throw new Error(`watch ${base}: HTTP ${status}`);
  };

  const loop = async () => {
    let delay = backoff.initialMs;
    while (!abort.signal.aborted) {
      try {
        if (resourceVersion === undefined) await list();
        await watchOnce();
        delay = backoff.initialMs;
      } catch (err) {
        if (abort.signal.aborted) break;
        o.log.warn(`${err instanceof Error ? err.message : String(err)}; retrying in ${delay} ms`);
        await sleep(delay, abort.signal);
        delay = Math.min(delay * 2, backoff.maxMs);
      }
    }
  };
  const running = loop();
  return {
    synced,
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
