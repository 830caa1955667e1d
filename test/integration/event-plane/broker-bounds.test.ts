/**
 * The broker's bounds over real HTTP: no more than maxInFlight attempts on
 * the wire, room() holding producers back while maxPending deliveries are
 * queued, and only the last historyLimit events and delivery records kept.
 */
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBroker, type Broker } from '../../../scripts/event-plane/broker.js';
import type { PlaneEvent } from '../../../scripts/event-plane/cloud-event.js';
import type { ManifestDoc, TriggerSpec } from '../../../scripts/event-plane/manifests.js';

/** A subscriber that holds every request until released, counting how many are open at once. */
async function holdingSubscriber() {
  const held: (() => void)[] = [];
  let open = 0;
  let maxOpen = 0;
  let received = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      open++;
      received++;
      maxOpen = Math.max(maxOpen, open);
      held.push(() => {
        open--;
        res.writeHead(202).end();
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    stats: () => ({ open, maxOpen, received }),
    releaseAll: () => held.splice(0).forEach((f) => f()),
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  };
}

const trigger = (name: string): ManifestDoc<TriggerSpec> => ({
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Trigger',
  metadata: { name, namespace: 'kelos-system' },
  file: 'test',
  spec: {
    broker: 'kelos',
    subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'sub' } },
  },
});
const event = (n: number): PlaneEvent => ({
  attributes: { specversion: '1.0', id: `e${n}`, source: '/test', type: 'test.bounds' },
  data: { n },
});
const until = async (what: string, cond: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('event-plane broker bounds (real HTTP)', () => {
  let sub: Awaited<ReturnType<typeof holdingSubscriber>>;
  let broker: Broker;
  beforeEach(async () => (sub = await holdingSubscriber()));
  afterEach(async () => {
    sub.releaseAll();
    await broker.stop();
    await sub.close();
  });

  it('keeps at most maxInFlight deliveries on the wire; the rest wait and all arrive', async () => {
    broker = createBroker({
      triggers: [trigger('a'), trigger('b')],
      resolve: () => sub.url,
      log: { info: () => undefined, warn: () => undefined },
      maxInFlight: 3,
    });
    for (let i = 0; i < 10; i++) broker.publish(event(i));
    expect(broker.pending).to.equal(20);
    await until('3 open requests', () => sub.stats().open === 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(sub.stats()).to.include({ open: 3, received: 3 });
    const releaser = setInterval(() => sub.releaseAll(), 5);
    await broker.idle();
    clearInterval(releaser);
    expect(sub.stats()).to.include({ received: 20, maxOpen: 3 });
  });

  it('room() waits while maxPending deliveries are pending and resolves once they drain', async () => {
    broker = createBroker({
      triggers: [trigger('a')],
      resolve: () => sub.url,
      log: { info: () => undefined, warn: () => undefined },
      maxInFlight: 2,
      maxPending: 4,
    });
    for (let i = 0; i < 3; i++) broker.publish(event(i));
    let roomy = false;
    await broker.room().then(() => (roomy = true));
    expect(roomy, 'room below maxPending').to.equal(true);
    broker.publish(event(3));
    let woke = false;
    const waiting = broker.room().then(() => (woke = true));
    await until('2 open requests', () => sub.stats().open === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(woke, 'no room at maxPending').to.equal(false);
    sub.releaseAll();
    await waiting;
    expect(broker.pending).to.be.below(4);
  });

  it('keeps only the last historyLimit published events and delivery records', async () => {
    broker = createBroker({
      triggers: [trigger('a')],
      resolve: () => sub.url,
      log: { info: () => undefined, warn: () => undefined },
      historyLimit: 5,
    });
    const releaser = setInterval(() => sub.releaseAll(), 5);
    for (let i = 0; i < 12; i++) broker.publish(event(i));
    await broker.idle();
    clearInterval(releaser);
    expect(broker.published.map((e) => e.attributes.id)).to.deep.equal(['e7', 'e8', 'e9', 'e10', 'e11']);
    expect(broker.deliveries).to.have.length(5);
    expect(sub.stats().received).to.equal(12);
  });

  it('gives up an attempt after the delivery timeout and frees its slot', async () => {
    const t = trigger('a');
    t.spec!.delivery = { retry: 0, timeout: 'PT0.2S' };
    broker = createBroker({
      triggers: [t],
      resolve: () => sub.url,
      log: { info: () => undefined, warn: () => undefined },
      maxInFlight: 1,
    });
    broker.publish(event(1));
    broker.publish(event(2));
    await broker.idle();
    expect(broker.deliveries.map((d) => d.outcome.error)).to.deep.equal([
      'no answer within 200 ms',
      'no answer within 200 ms',
    ]);
    expect(sub.stats().received).to.equal(2);
  });

  it('stop() ends the attempts held on the wire at once, with no retry', async () => {
    const t = trigger('a');
    t.spec!.delivery = { retry: 5, backoffDelay: 'PT0.2S' };
    broker = createBroker({
      triggers: [t],
      resolve: () => sub.url,
      log: { info: () => undefined, warn: () => undefined },
    });
    for (let n = 1; n <= 3; n++) broker.publish(event(n));
    await until('three attempts held', () => sub.stats().open === 3);
    const started = Date.now();
    await broker.stop(); // would wait for the held answers if the attempts were not ended
    expect(Date.now() - started).to.be.below(2000);
    expect(broker.deliveries).to.have.length(3);
    for (const d of broker.deliveries)
      expect(d.outcome).to.include({ ok: false, attempts: 1, error: 'aborted' });
    expect(sub.stats().received).to.equal(3);
  });
});
