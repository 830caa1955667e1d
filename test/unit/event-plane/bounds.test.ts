import { expect } from 'chai';
import { createGate } from '../../../scripts/event-plane/gate.js';
import { pushBounded } from '../../../scripts/event-plane/history.js';
import { createLineFeeder } from '../../../scripts/event-plane/line-feeder.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('event-plane bounds: gate, history, line feeder', () => {
  it('the gate runs at most `limit` tasks at once, the rest in FIFO order', async () => {
    const gate = createGate(2);
    const releases: (() => void)[] = [];
    const started: number[] = [];
    const runs = [0, 1, 2, 3].map((i) =>
      gate.run(async () => {
        started.push(i);
        await new Promise<void>((r) => releases.push(r));
        return i;
      }),
    );
    await tick();
    expect(started).to.deep.equal([0, 1]);
    expect([gate.active, gate.waiting]).to.deep.equal([2, 2]);
    releases.shift()!();
    await tick();
    await tick();
    expect(started).to.deep.equal([0, 1, 2]);
    while (releases.length > 0 || started.length < 4) {
      releases.shift()?.();
      await tick();
    }
    expect(await Promise.all(runs)).to.deep.equal([0, 1, 2, 3]);
    expect([gate.active, gate.waiting]).to.deep.equal([0, 0]);
  });

  it('the gate gives freed slots to the keys in turn, FIFO within a key (a burst on one Trigger does not hold back the others)', async () => {
    const gate = createGate(1);
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const job = (name: string, key: string) =>
      gate.run(async () => {
        started.push(name);
        await new Promise<void>((r) => releases.push(r));
      }, key);
    const runs = [
      job('a1', 'a'),
      job('a2', 'a'),
      job('a3', 'a'),
      job('a4', 'a'),
      job('b1', 'b'),
      job('b2', 'b'),
    ];
    await tick();
    expect([gate.active, gate.waiting]).to.deep.equal([1, 5]);
    while (started.length < 6 || releases.length > 0) {
      releases.shift()?.();
      await tick();
      await tick();
    }
    await Promise.all(runs);
    expect(started).to.deep.equal(['a1', 'a2', 'b1', 'a3', 'b2', 'a4']);
    expect([gate.active, gate.waiting]).to.deep.equal([0, 0]);
  });

  it('the gate frees its slot when a task throws, and refuses a limit below 1', async () => {
    const gate = createGate(1);
    await gate.run(() => Promise.reject(new Error('boom'))).catch(() => undefined);
    expect(await gate.run(async () => 'next')).to.equal('next');
    expect(() => createGate(0)).to.throw(/positive integer/);
  });

  it('bounded history keeps the last `limit` entries, oldest first', () => {
    const list: number[] = [];
    for (let i = 0; i < 10; i++) pushBounded(list, i, 3);
    expect(list).to.deep.equal([7, 8, 9]);
  });

  it('the line feeder pauses the source while a line is handled asynchronously, keeping order', async () => {
    const seen: string[] = [];
    const log: string[] = [];
    let release!: () => void;
    let done = false;
    const feeder = createLineFeeder({
      onLine: (line) => {
        seen.push(line);
        return line === 'b' ? new Promise<void>((r) => (release = r)) : undefined;
      },
      pause: () => log.push('pause'),
      resume: () => log.push('resume'),
      onDone: () => (done = true),
      onError: (err) => log.push(`error ${err.message}`),
    });
    feeder.push('a\nb\nc\n\nd');
    feeder.push('\n');
    feeder.end();
    expect(seen).to.deep.equal(['a', 'b']);
    expect(log).to.deep.equal(['pause']);
    expect(done, 'not done while a line waits').to.equal(false);
    release();
    await tick();
    expect(seen).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(log).to.deep.equal(['pause', 'resume']);
    expect(done).to.equal(true);
  });

  it('the line feeder stops at a throwing or rejecting handler and reports it once', async () => {
    const errors: string[] = [];
    const seen: string[] = [];
    const feeder = createLineFeeder({
      onLine: (line) => {
        seen.push(line);
        if (line === 'bad') throw new Error('bad line');
        return line === 'later' ? Promise.reject(new Error('later')) : undefined;
      },
      pause: () => undefined,
      resume: () => undefined,
      onDone: () => errors.push('done'),
      onError: (err) => errors.push(err.message),
    });
    feeder.push('ok\nbad\nnever\n');
    feeder.end();
    expect(seen).to.deep.equal(['ok', 'bad']);
    expect(errors).to.deep.equal(['bad line']);

    const rejected: string[] = [];
    const second = createLineFeeder({
      onLine: (line) => (line === 'later' ? Promise.reject(new Error('later')) : undefined),
      pause: () => undefined,
      resume: () => undefined,
      onDone: () => rejected.push('done'),
      onError: (err) => rejected.push(err.message),
    });
    second.push('later\nx\n');
    second.end();
    await tick();
    expect(rejected).to.deep.equal(['later']);
  });
});
