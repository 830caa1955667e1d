/**
 * Broker/Trigger routing, as Knative's broker does it: every event published
 * to the broker goes to each Trigger whose filters match, with that Trigger's
 * delivery policy (falling back to the Broker's); a reply event goes back into
 * the broker; an event that exhausts its retries (or gets a final error) goes
 * to the dead-letter sink with the knativeerror* extensions.
 *
 * Bounded, as a real broker is: at most `maxInFlight` attempts on the wire at
 * once (the rest wait their turn, the Triggers taking turns: gate.ts), `room()` for producers to wait on while
 * `maxPending` deliveries are queued (the ApiServerSource watches pause their
 * stream on it), and only the last `historyLimit` published events and
 * delivery records kept, for tests and debugging.
 */
import { setMaxListeners } from 'node:events';
import type { PlaneEvent } from './cloud-event.js';
import { deliver, type DeliveryOutcome } from './deliver.js';
import { encodeEvent } from './encoded-event.js';
import { retryPolicy, type DeliverySpec } from './delivery-policy.js';
import { compileTrigger } from './filters.js';
import { createGate } from './gate.js';
import { pushBounded } from './history.js';
import type { Destination, ManifestDoc, TriggerSpec } from './manifests.js';

export interface PlaneLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface DeliveryRecord {
  trigger: string;
  eventId: string;
  type: string;
  outcome: DeliveryOutcome;
}

export interface DeadLetter {
  trigger: string;
  event: PlaneEvent;
  reason: string;
}

export interface BrokerOptions {
  triggers: ManifestDoc<TriggerSpec>[];
  brokerDelivery?: DeliverySpec;
  /** URL of a destination, or undefined when nothing listens there locally. */
  resolve: (destination: Destination) => string | undefined;
  timeScale?: number;
  log: PlaneLog;
  onDeadLetter?: (letter: DeadLetter) => void;
  /** HTTP attempts on the wire at once, over all Triggers (default 64). */
  maxInFlight?: number;
  /**
   * Deliveries queued or in flight above which `room()` waits (default 2,000). Not smaller: while a
   * watch is paused its backlog waits in the API server, whose watch window is short; a 10,000-Task
   * burst with 500 fell out of it (410, re-list: changes in between reach the functions only by the
   * resync tick), with 2,000 it did not.
   */
  maxPending?: number;
  /** Published events and delivery records kept (default 1,000 each). */
  historyLimit?: number;
}

export const BROKER_DEFAULTS = { maxInFlight: 64, maxPending: 2000, historyLimit: 1000 } as const;

export interface Broker {
  publish(event: PlaneEvent): void;
  /** Resolves when fewer than maxPending deliveries are queued or in flight. */
  room(): Promise<void>;
  /** Deliveries queued or in flight. */
  readonly pending: number;
  /** Delivery attempts waiting for a slot on the wire. */
  readonly queued: number;
  /** Resolves when no delivery is in flight. */
  idle(): Promise<void>;
  /** The last historyLimit published events, oldest first. */
  readonly published: PlaneEvent[];
  /** The last historyLimit delivery records, oldest first. */
  readonly deliveries: DeliveryRecord[];
  stop(): Promise<void>;
}

export function createBroker(o: BrokerOptions): Broker {
  const abort = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const gate = createGate(o.maxInFlight ?? BROKER_DEFAULTS.maxInFlight);
  const maxPending = o.maxPending ?? BROKER_DEFAULTS.maxPending;
  const historyLimit = o.historyLimit ?? BROKER_DEFAULTS.historyLimit;
  const roomWaiters: (() => void)[] = [];
  const published: PlaneEvent[] = [];
  const deliveries: DeliveryRecord[] = [];
  const unrouted = new Set<string>();
  // Filters and retry policies made once per Trigger, not per event.
  const routes = o.triggers.map((trigger) => {
    const spec = trigger.spec as TriggerSpec;
    const delivery = spec.delivery ?? o.brokerDelivery;
    return {
      trigger,
      matches: compileTrigger(spec),
      delivery,
      policy: retryPolicy(delivery, o.timeScale ?? 1),
    };
  });
  // Every attempt on the wire and every backoff sleep listens for stop(): up to maxInFlight at once.
  setMaxListeners(0, abort.signal);
  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(t);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      const t = setTimeout(wake, ms);
      signal.addEventListener('abort', wake, { once: true });
    });

  const route = async (r: (typeof routes)[number], event: PlaneEvent) => {
    const { trigger, delivery, policy } = r;
    const name = trigger.metadata.name;
    const spec = trigger.spec as TriggerSpec;
    const url = o.resolve(spec.subscriber);
    if (!url) {
      // A function not run locally (e.g. the event-plane CLI with a few services): skip, say so once.
      if (!unrouted.has(name))
        o.log.info(`trigger ${name}: its subscriber is not running locally; skipping its events`);
      unrouted.add(name);
      return;
    }
    const outcome = await deliver({
      url,
      event,
      policy,
      signal: abort.signal,
      sleep,
      gate,
      gateKey: name,
    });
    pushBounded(
      deliveries,
      { trigger: name, eventId: event.attributes.id ?? '', type: event.attributes.type ?? '', outcome },
      historyLimit,
    );
    if (abort.signal.aborted) return;
    if (outcome.ok) {
      if (outcome.reply) publish(outcome.reply);
      return;
    }
    const reason = outcome.error ?? `HTTP ${outcome.status}`;
    o.log.warn(
      `trigger ${name}: event ${event.attributes.id} (${event.attributes.type}) failed after ${outcome.attempts} attempt(s): ${reason}`,
    );
    await deadLetter({ trigger: name, delivery, event, outcome, reason, dest: url });
  };

  const deadLetter = async (f: {
    trigger: string;
    delivery: DeliverySpec | undefined;
    event: PlaneEvent;
    outcome: DeliveryOutcome;
    reason: string;
    dest: string;
  }) => {
    const { trigger, event, outcome, reason } = f;
    const sink = f.delivery?.deadLetterSink;
    if (!sink) return;
    const data = event.data;
    const letter: PlaneEvent = {
      ...(data !== undefined ? { data } : {}),
      attributes: {
        ...event.attributes,
        knativeerrordest: f.dest,
        knativeerrorcode: String(outcome.status ?? -1),
        ...(outcome.body ? { knativeerrordata: Buffer.from(outcome.body).toString('base64') } : {}),
      },
    };
    o.onDeadLetter?.({ trigger, event: letter, reason });
    const url = o.resolve(sink);
    if (url)
      await deliver({
        url,
        event: letter,
        policy: retryPolicy(undefined),
        signal: abort.signal,
        sleep,
        gate,
      });
  };

  const publish = (event: PlaneEvent) => {
    if (abort.signal.aborted) return;
    const arrived = encodeEvent({
      attributes: { ...event.attributes, knativearrivaltime: new Date().toISOString() },
      ...(event.data !== undefined ? { data: event.data } : {}),
    });
    pushBounded(published, arrived, historyLimit);
    for (const r of routes) {
      const { trigger } = r;
      let matches: boolean;
      try {
        matches = r.matches(arrived);
      } catch (err) {
        o.log.warn(`trigger ${trigger.metadata.name}: ${(err as Error).message}`);
        continue;
      }
      if (!matches) continue;
      const p: Promise<void> = route(r, arrived)
        .catch((err: unknown) => o.log.warn(`trigger ${trigger.metadata.name}: ${String(err)}`))
        .finally(() => {
          inFlight.delete(p);
          while (inFlight.size < maxPending && roomWaiters.length > 0) roomWaiters.shift()!();
        });
      inFlight.add(p);
    }
  };

  return {
    publish,
    room: () =>
      inFlight.size < maxPending || abort.signal.aborted
        ? Promise.resolve()
        : new Promise<void>((resolve) => roomWaiters.push(resolve)),
    get pending() {
      return inFlight.size;
    },
    get queued() {
      return gate.waiting;
    },
    published,
    deliveries,
    idle: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    stop: async () => {
      abort.abort();
      for (const wake of roomWaiters.splice(0)) wake();
      await Promise.all([...inFlight]);
    },
  };
}
