/**
 * List+watch for the observer, which, unlike the event plane's watcher (an
 * ApiServerSource emits nothing for a list), must never miss a change: every
 * (re)list is diffed against what was known and reported as deletes, then adds
 * and updates in resourceVersion order (relist.ts), so a watch broken by the
 * API server's restart or a 410 Gone leaves no gap in the model.
 */
import type { WatchVerb } from '../../scripts/event-plane/apiserver-events.js';
import type { KubeHttp } from '../../scripts/event-plane/kube-http.js';
import { collectionPath, type WatchTarget } from '../../scripts/event-plane/object-watcher.js';
import { relistChanges } from './relist.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects straight off the API */

export interface Watch {
  synced: Promise<void>;
  relists: () => number;
  stop(): Promise<void>;
}

export function watchAll(o: {
  http: KubeHttp;
  target: WatchTarget;
  onEvent: (verb: WatchVerb, obj: any) => void;
  onError: (message: string) => void;
}): Watch {
  const abort = new AbortController();
  const base = collectionPath(o.target);
  const selector = o.target.labelSelector
    ? `&labelSelector=${encodeURIComponent(o.target.labelSelector)}`
    : '';
  const known = new Map<string, { rv: string; obj: any }>();
  let rv: string | undefined;
  let relists = 0;
  let markSynced!: () => void;
  const synced = new Promise<void>((r) => (markSynced = r));

  const apply = (verb: WatchVerb, obj: any) => {
    const uid = obj.metadata?.uid as string;
    if (verb === 'delete') known.delete(uid);
    else known.set(uid, { rv: obj.metadata.resourceVersion, obj });
    o.onEvent(verb, obj);
  };

  const list = async () => {
    const { status, body } = await o.http.getJson(`${base}?${selector.slice(1)}`);
    if (status !== 200) throw new Error(`list ${base}: HTTP ${status}`);
    const b = body as { metadata: { resourceVersion: string }; items: any[] };
    relists++;
    for (const change of relistChanges(known, b.items)) apply(change.verb, change.obj);
    rv = b.metadata.resourceVersion;
    markSynced();
  };

  const watchOnce = async () => {
    const path = `${base}?watch=1&allowWatchBookmarks=true&timeoutSeconds=120&resourceVersion=${rv}${selector}`;
    const status = await o.http.streamLines(
      path,
      (line) => {
        const event = JSON.parse(line) as { type?: string; object?: any };
        if (event.type === 'ERROR') {
          rv = undefined;
          throw new Error(`watch ${base}: ${JSON.stringify(event.object)}`);
        }
        const next = event.object?.metadata?.resourceVersion as string | undefined;
        if (next) rv = next;
        const verb = ({ ADDED: 'add', MODIFIED: 'update', DELETED: 'delete' } as Record<string, WatchVerb>)[
          event.type ?? ''
        ];
        if (verb && event.object) apply(verb, event.object);
      },
      abort.signal,
    );
    if (status !== 200 && !abort.signal.aborted) {
      rv = undefined;
      throw new Error(`watch ${base}: HTTP ${status}`);
    }
  };

  const loop = async () => {
    while (!abort.signal.aborted) {
      try {
        if (rv === undefined) await list();
        await watchOnce();
      } catch (err) {
        if (abort.signal.aborted) break;
        rv = undefined; // relist: whatever the watch missed is found by the diff
        o.onError((err as Error).message);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const running = loop();
  return {
    synced,
    relists: () => relists,
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}
