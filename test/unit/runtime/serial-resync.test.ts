import { expect } from 'chai';
import type { Handler, HandlerDeps, ResyncRequest } from '../../../functions/core/runtime/contract.js';
import { serialResync } from '../../../functions/core/runtime/serial-resync.js';

const tick = (id: string): ResyncRequest => ({
  type: 'resync',
  eventId: id,
  eventType: 'dev.knative.sources.ping',
  time: '',
});
const deps = {} as HandlerDeps;
const settle = () => new Promise((r) => setImmediate(r));

describe('serialResync: one sweep at a time per process', () => {
  it('runs one sweep at once; ticks meanwhile share one sweep that starts after it; other events pass through', async () => {
    const started: string[] = [];
    const finish: (() => void)[] = [];
    let objectEvents = 0;
    const inner: Handler = async (request) => {
      if (request.type !== 'resync') {
        objectEvents++;
        return 'ignored';
      }
      started.push(request.eventId);
      await new Promise<void>((r) => finish.push(r));
      return 'handled';
    };
    const handle = serialResync(inner);
    const first = handle(tick('1'), deps);
    await settle();
    const second = handle(tick('2'), deps);
    const third = handle(tick('3'), deps);
    const object = {
      type: 'object',
      eventId: 'o',
      eventType: 't',
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'n',
      name: 'p',
    } as const;
    expect(await handle(object, deps)).to.equal('ignored');
    await settle();
    expect(started).to.deep.equal(['1']);
    finish.shift()!();
    expect(await first).to.equal('handled');
    await settle();
    expect(started).to.deep.equal(['1', '2']);
    finish.shift()!();
    expect(await second).to.equal('handled');
    expect(await third).to.equal('handled');
    expect(started).to.deep.equal(['1', '2']);
    expect(objectEvents).to.equal(1);
    // Idle again: the next tick starts its own sweep at once.
    const fourth = handle(tick('4'), deps);
    await settle();
    expect(started).to.deep.equal(['1', '2', '4']);
    finish.shift()!();
    expect(await fourth).to.equal('handled');
  });

  it('a failed sweep fails its own ticks only; the queued one still runs', async () => {
    let n = 0;
    const release: (() => void)[] = [];
    const inner: Handler = async () => {
      const mine = ++n;
      await new Promise<void>((r) => release.push(r));
      if (mine === 1) throw new Error('api down');
      return 'handled';
    };
    const handle = serialResync(inner);
    const first = handle(tick('1'), deps).catch((e: unknown) => e);
    await settle();
    const second = handle(tick('2'), deps);
    release.shift()!();
    expect(String(await first)).to.include('api down');
    await settle();
    release.shift()!();
    expect(await second).to.equal('handled');
  });
});
