/**
 * Broker routing over real HTTP: Trigger filters, retries with exponential
 * backoff, final errors, dead letters with the knativeerror* extensions, and
 * reply events routed back into the broker.
 */
import { expect } from 'chai';
import { createBroker, type Broker, type DeadLetter } from '../../../scripts/event-plane/broker.js';
import type { PlaneEvent } from '../../../scripts/event-plane/cloud-event.js';
import type { ManifestDoc, TriggerSpec } from '../../../scripts/event-plane/manifests.js';
import { startRecorder, type Recorder } from './recorder.js';

const trigger = (
  name: string,
  subscriber: string,
  filters: NonNullable<TriggerSpec['filters']>,
  retry = 3,
): ManifestDoc<TriggerSpec> => ({
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Trigger',
  metadata: { name, namespace: 'kelos-system' },
  file: 'test',
  spec: {
    broker: 'kelos',
    filters,
    subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: subscriber } },
    delivery: {
      retry,
      backoffPolicy: 'exponential',
      backoffDelay: 'PT1S',
      deadLetterSink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'dls' } },
    },
  },
});
const event = (type: string, id = type): PlaneEvent => ({
  attributes: { specversion: '1.0', id, source: '/test', type },
  data: { n: 1 },
});

describe('event-plane broker delivery (real HTTP)', () => {
  let a: Recorder, b: Recorder, dls: Recorder;
  let broker: Broker;
  let letters: DeadLetter[];
  beforeEach(async () => {
    [a, b, dls] = await Promise.all([startRecorder(), startRecorder(), startRecorder()]);
    letters = [];
    const urls = new Map([
      ['a', a.url],
      ['b', b.url],
      ['dls', dls.url],
    ]);
    broker = createBroker({
      triggers: [
        trigger('to-a', 'a', [{ prefix: { type: 'test.' } }]),
        trigger('to-b', 'b', [{ exact: { type: 'test.reply' } }], 0),
      ],
      resolve: (d) => urls.get(d.ref?.name ?? ''),
      timeScale: 0.05, // PT1S → 50 ms, doubling
      log: { info: () => undefined, warn: () => undefined },
      onDeadLetter: (l) => letters.push(l),
    });
  });
  afterEach(async () => {
    await broker.stop();
    await Promise.all([a.close(), b.close(), dls.close()]);
  });

  it('routes by filters and delivers once when the subscriber accepts', async () => {
    broker.publish(event('test.one'));
    broker.publish(event('other.two'));
    await broker.idle();
    expect(a.events.map((e) => e.attributes.type)).to.deep.equal(['test.one']);
    expect(a.events[0]!.attributes).to.have.property('knativearrivaltime');
    expect(a.events[0]!.data).to.deep.equal({ n: 1 });
    expect(b.events).to.have.length(0);
  });

  it('retries 503/409/429 with exponential backoff until accepted', async () => {
    a.answers.push(503, 409, 429);
    broker.publish(event('test.retry'));
    await broker.idle();
    expect(a.events).to.have.length(4);
    const gaps = a.events.slice(1).map((e, i) => e.at - a.events[i]!.at);
    expect(gaps[0]).to.be.within(45, 400);
    expect(gaps[1]).to.be.within(95, 500);
    expect(gaps[2]).to.be.within(195, 700);
    expect(broker.deliveries.at(-1)!.outcome).to.include({ ok: true, attempts: 4, status: 202 });
    expect(letters).to.have.length(0);
  });

  it('sends an event that exhausts its retries to the dead-letter sink with knativeerror* extensions', async () => {
    a.answers.push(500, 500, 500, 500);
    broker.publish(event('test.doomed', 'd1'));
    await broker.idle();
    expect(a.events).to.have.length(4);
    expect(dls.events).to.have.length(1);
    expect(dls.events[0]!.attributes).to.include({
      id: 'd1',
      knativeerrorcode: '500',
      knativeerrordest: a.url,
    });
    expect(letters.map((l) => l.trigger)).to.deep.equal(['to-a']);
  });

  it('does not retry a 400 (final) and dead-letters it at once', async () => {
    a.answers.push(400);
    broker.publish(event('test.bad'));
    await broker.idle();
    expect(a.events).to.have.length(1);
    expect(dls.events[0]!.attributes.knativeerrorcode).to.equal('400');
  });

  it('dead-letters after connection failures too (nothing listening)', async () => {
    await b.close();
    broker.publish(event('test.reply', 'r1'));
    await broker.idle();
    expect(dls.events.map((e) => e.attributes.id)).to.deep.equal(['r1']);
    expect(dls.events[0]!.attributes.knativeerrorcode).to.equal('-1');
  });

  it('skips Triggers whose subscriber does not run locally, without dead letters', async () => {
    const lonely = createBroker({
      triggers: [trigger('to-nowhere', 'nowhere', [{ prefix: { type: 'test.' } }])],
      resolve: (d) => (d.ref?.name === 'dls' ? dls.url : undefined),
      log: { info: () => undefined, warn: () => undefined },
      onDeadLetter: (l) => letters.push(l),
    });
    lonely.publish(event('test.lost'));
    await lonely.idle();
    await lonely.stop();
    expect(letters).to.have.length(0);
    expect(dls.events).to.have.length(0);
  });

  it('routes a reply event from a subscriber back into the broker', async () => {
    a.answers.push({ status: 200, reply: event('test.reply', 'reply-1') });
    broker.publish(event('test.ask'));
    await broker.idle();
    expect(b.events.map((e) => e.attributes.id)).to.deep.equal(['reply-1']);
    // the reply also matches to-a (prefix test.), like any event in the broker
    expect(a.events.map((e) => e.attributes.type)).to.deep.equal(['test.ask', 'test.reply']);
  });
});
