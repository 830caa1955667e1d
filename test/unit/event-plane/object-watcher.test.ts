import { expect } from 'chai';
import type { KubeHttp } from '../../../scripts/event-plane/kube-http.js';
import { collectionPath, startObjectWatcher } from '../../../scripts/event-plane/object-watcher.js';

/** A scripted API server: each list/watch call takes the next scripted answer. */
function scriptedKube(script: {
  lists: string[];
  watches: { lines: object[]; status?: number; fail?: boolean }[];
}) {
  const calls: string[] = [];
  const http: KubeHttp = {
    server: 'https://api.test',
    getJson: async (path) => {
      calls.push(`GET ${path}`);
      const rv = script.lists.shift();
      if (rv === undefined) return new Promise(() => undefined);
      return {
        status: 200,
        body: { metadata: { resourceVersion: rv }, items: [{ metadata: { name: 'existing' } }] },
      };
    },
    streamLines: async (path, onLine, signal) => {
      calls.push(`WATCH ${path}`);
      const next = script.watches.shift();
      if (!next) return new Promise((resolve) => signal.addEventListener('abort', () => resolve(0)));
      if (next.fail) throw new Error('connection reset');
      // As kube-http does: a promise from onLine holds the stream (backpressure).
      for (const l of next.lines) await onLine(JSON.stringify(l));
      return next.status ?? 200;
    },
  };
  return { http, calls };
}

const obj = (name: string, rv: string) => ({
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'Task',
  metadata: { name, namespace: 'ns', resourceVersion: rv },
});
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).to.equal(true);
};

describe('event-plane object watcher (list+watch loop)', () => {
  it('builds collection paths for core and grouped resources, cluster-wide or namespaced', () => {
    expect(collectionPath({ apiVersion: 'v1', plural: 'pods' })).to.equal('/api/v1/pods');
    expect(collectionPath({ apiVersion: 'kelos.dev/v1alpha1', plural: 'tasks', namespace: 'a' })).to.equal(
      '/apis/kelos.dev/v1alpha1/namespaces/a/tasks',
    );
  });

  it('lists once without emitting, watches from that resourceVersion, follows bookmarks, re-lists after 410, backs off after errors', async () => {
    const { http, calls } = scriptedKube({
      lists: ['10', '50'],
      watches: [
        {
          lines: [
            { type: 'ADDED', object: obj('a', '11') },
            { type: 'MODIFIED', object: obj('a', '12') },
          ],
        },
        {
          lines: [
            { type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } },
            { type: 'DELETED', object: obj('a', '21') },
          ],
        },
        { lines: [{ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old' } }] },
        { lines: [], fail: true },
        { lines: [{ type: 'ADDED', object: obj('b', '51') }] },
      ],
    });
    const seen: string[] = [];
    const warnings: string[] = [];
    const w = startObjectWatcher({
      http,
      target: { apiVersion: 'kelos.dev/v1alpha1', plural: 'tasks', labelSelector: 'x' },
      onEvent: (verb, o) => void seen.push(`${verb} ${o.metadata?.name}`),
      log: { warn: (m) => warnings.push(m) },
      backoff: { initialMs: 1, maxMs: 4 },
      watchTimeoutSeconds: 7,
    });
    await w.synced;
    await until(() => seen.length === 4);
    await w.stop();
    expect(seen).to.deep.equal(['add a', 'update a', 'delete a', 'add b']);
    const rvs = calls.map((c) => (c.startsWith('GET') ? 'list' : /resourceVersion=(\d*)/.exec(c)![1]));
    // list@10 → watch 10 → watch 12 → watch 21 gets 410 → list@50 → watch 50 fails → watch 50 again
    expect(rvs.slice(0, 7)).to.deep.equal(['list', '10', '12', '21', 'list', '50', '50']);
    expect(calls[0]).to.equal('GET /apis/kelos.dev/v1alpha1/tasks?limit=500&labelSelector=x');
    expect(calls[1]).to.match(
      /watch=1&allowWatchBookmarks=true&timeoutSeconds=7&resourceVersion=10&labelSelector=x$/,
    );
    expect(warnings.join('\n'))
      .to.match(/410/)
      .and.match(/connection reset/);
  });

  it('holds the next event while the sink is full (onEvent returned a pending promise)', async () => {
    const { http } = scriptedKube({
      lists: ['1'],
      watches: [
        {
          lines: [
            { type: 'ADDED', object: obj('a', '2') },
            { type: 'ADDED', object: obj('b', '3') },
          ],
        },
      ],
    });
    const seen: string[] = [];
    let release!: () => void;
    const w = startObjectWatcher({
      http,
      target: { apiVersion: 'kelos.dev/v1alpha1', plural: 'tasks' },
      onEvent: (_verb, o) => {
        seen.push(o.metadata!.name!);
        return o.metadata?.name === 'a' ? new Promise<void>((r) => (release = r)) : undefined;
      },
      log: { warn: () => undefined },
    });
    await until(() => seen.length === 1);
    await new Promise((r) => setTimeout(r, 30));
    expect(seen, 'b waits for room').to.deep.equal(['a']);
    release();
    await until(() => seen.length === 2);
    await w.stop();
    expect(seen).to.deep.equal(['a', 'b']);
  });
});
