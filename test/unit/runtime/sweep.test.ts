/** Resync sweeps: every listed object visited, failures isolated, transient failures retried. */
import { expect } from 'chai';
import type { KubeList, KubeObject } from '../../../functions/core/api/kube-types.js';
import { KubeError } from '../../../functions/core/k8s/errors.js';
import type { KubePort } from '../../../functions/core/k8s/port.js';
import type { Logger, ResyncRequest } from '../../../functions/core/runtime/contract.js';
import { TransientError } from '../../../functions/core/runtime/errors.js';
import { objectRequestFor, sweep, sweepObjects } from '../../../functions/core/runtime/sweep.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const task = (name: string): KubeObject => ({
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'Task',
  metadata: { name, namespace: 'a' },
});

function listing(items: KubeObject[], seen: unknown[] = []): KubePort {
  return {
    list: async (...args: unknown[]) => {
      seen.push(args);
      return { apiVersion: 'v1', kind: 'List', metadata: {}, items } as KubeList<never>;
    },
  } as unknown as KubePort;
}

describe('sweep', () => {
  it('visits every listed object with the selector it was given', async () => {
    const calls: unknown[] = [];
    const visited: string[] = [];
    const result = await sweep(
      { kube: listing([task('a'), task('b'), task('c')], calls), log: quiet },
      { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', labelSelector: 'x=y', concurrency: 2 },
      async (o) => {
        visited.push(o.metadata.name ?? '');
      },
    );
    expect(result).to.deep.equal({ visited: 3, failed: 0 });
    expect(visited.sort()).to.deep.equal(['a', 'b', 'c']);
    expect(calls[0]).to.deep.equal([
      'kelos.dev/v1alpha1',
      'Task',
      undefined,
      { labelSelector: 'x=y', limit: 500 },
    ]);
  });

  it('reads the list in pages (limit/continue), visiting each page before reading the next; one verdict at the end', async () => {
    const pages: Record<string, { items: KubeObject[]; next?: string }> = {
      '': { items: [task('a'), task('b')], next: 't1' },
      t1: { items: [task('c')], next: 't2' },
      t2: { items: [task('d')] },
    };
    const order: string[] = [];
    const kube = {
      list: async (
        _v: string,
        _k: string,
        _ns: string | undefined,
        opts: { continue?: string; limit?: number },
      ) => {
        order.push(`list ${opts.continue ?? ''} limit ${opts.limit}`);
        const page = pages[opts.continue ?? '']!;
        return {
          apiVersion: 'v1',
          kind: 'List',
          metadata: page.next ? { continue: page.next } : {},
          items: page.items,
        };
      },
    } as unknown as KubePort;
    const err = await sweep(
      { kube, log: quiet },
      { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task' },
      async (o) => {
        order.push(`visit ${o.metadata.name}`);
        if (o.metadata.name === 'b') throw new TransientError('api down');
      },
    ).catch((e: unknown) => e);
    expect(order).to.deep.equal([
      'list  limit 500',
      'visit a',
      'visit b',
      'list t1 limit 500',
      'visit c',
      'list t2 limit 500',
      'visit d',
    ]);
    expect(err).to.be.instanceOf(TransientError);
    expect(String((err as Error).message)).to.include('1 of 4 failed');
  });

  it('keeps going after a failure and reports it', async () => {
    const visited: string[] = [];
    const result = await sweep(
      { kube: listing([task('a'), task('b')]), log: quiet },
      { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task' },
      async (o) => {
        if (o.metadata.name === 'a') throw new Error('bug');
        visited.push(o.metadata.name ?? '');
      },
    );
    expect(result).to.deep.equal({ visited: 2, failed: 1 });
    expect(visited).to.deep.equal(['b']);
  });

  it('ends with a TransientError after visiting all when one failed transiently', async () => {
    const visited: string[] = [];
    const err = await sweep(
      { kube: listing([task('a'), task('b')]), log: quiet },
      { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', concurrency: 1 },
      async (o) => {
        visited.push(o.metadata.name ?? '');
        if (o.metadata.name === 'a') throw new KubeError({ code: 0, reason: 'ECONNREFUSED', verb: 'get' });
      },
    ).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TransientError);
    expect(visited).to.deep.equal(['a', 'b']);
  });

  it('visits in the order given, one at a time, by default', async () => {
    const events: string[] = [];
    await sweepObjects(
      quiet,
      [task('c'), task('a'), task('b')],
      async (o) => {
        events.push(`start ${o.metadata.name}`);
        await new Promise((r) => setImmediate(r));
        events.push(`end ${o.metadata.name}`);
      },
      { kind: 'Task' },
    );
    expect(events).to.deep.equal(['start c', 'end c', 'start a', 'end a', 'start b', 'end b']);
  });

  it('a lost race (409) is redelivered too; a bad object alone is only logged', async () => {
    const logged: { level: string; meta: Record<string, unknown> | undefined }[] = [];
    const recording: Logger = {
      debug() {},
      info() {},
      warn: (_m, meta) => logged.push({ level: 'warn', meta }),
      error: (_m, meta) => logged.push({ level: 'error', meta }),
      child: (meta) => ({
        ...recording,
        warn: (_m, m) => logged.push({ level: 'warn', meta: { ...meta, ...m } }),
        error: (_m, m) => logged.push({ level: 'error', meta: { ...meta, ...m } }),
      }),
    };
    const conflict = new KubeError({ code: 409, reason: 'Conflict', verb: 'update' });
    const err = await sweepObjects(
      recording,
      [task('a'), task('b')],
      async (o) => {
        throw o.metadata.name === 'a' ? conflict : new Error('bad spec');
      },
      { kind: 'Task' },
    ).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TransientError);
    expect((err as Error).cause).to.equal(conflict);
    expect(logged.map((l) => [l.level, l.meta?.['name']])).to.deep.equal([
      ['warn', 'a'],
      ['error', 'b'],
    ]);
    const onlyBad = await sweepObjects(
      quiet,
      [task('a')],
      async () => {
        throw new Error('bad spec');
      },
      { kind: 'Task' },
    );
    expect(onlyBad).to.deep.equal({ visited: 1, failed: 1 });
  });

  it('turns a listed object into an object request carrying it as hint', () => {
    const tick: ResyncRequest = {
      type: 'resync',
      eventId: 'p',
      eventType: 'dev.knative.sources.ping',
      time: 't',
    };
    expect(objectRequestFor(task('a'), tick)).to.deep.equal({
      type: 'object',
      eventId: 'p',
      eventType: 'dev.knative.sources.ping',
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      namespace: 'a',
      name: 'a',
      hint: task('a'),
    });
  });
});
