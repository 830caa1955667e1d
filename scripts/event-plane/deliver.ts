/**
 * One delivery of one event to one subscriber, with the Trigger's retry
 * policy: POST in binary mode, retry what Knative retries, and hand back the
 * reply event (if the subscriber answered with one) or the final failure.
 */
import type { PlaneEvent } from './cloud-event.js';
import { isRetriable, isSuccess, type RetryPolicy } from './delivery-policy.js';
import type { Gate } from './gate.js';
import { wireForm } from './encoded-event.js';
import { decodeEvent } from './http-binding.js';
import { httpPost } from './http-post.js';

export interface DeliveryOutcome {
  ok: boolean;
  attempts: number;
  /** Last HTTP status; undefined when no response came back. */
  status: number | undefined;
  reply?: PlaneEvent;
  error?: string;
  body?: string;
}

export interface DeliverOptions {
  url: string;
  event: PlaneEvent;
  policy: RetryPolicy;
  signal: AbortSignal;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Bounds attempts on the wire (held per attempt, not across backoff sleeps). */
  gate?: Gate;
  /** The gate's queue for this delivery (the Trigger): queues take turns for free slots. */
  gateKey?: string;
}

async function attempt(o: DeliverOptions): Promise<DeliveryOutcome> {
  const { headers, body } = wireForm(o.event);
  try {
    const res = await httpPost({
      url: o.url,
      headers,
      body,
      signal: o.signal,
      timeoutMs: o.policy.timeoutMs,
    });
    const text = res.body;
    const out: DeliveryOutcome = { ok: isSuccess(res.status), attempts: 1, status: res.status, body: text };
    if (out.ok && text !== '') {
      try {
        const reply = decodeEvent(res.headers, text);
        if (reply) out.reply = reply;
      } catch (err) {
        // Knative's broker treats a non-CloudEvent 2xx body as a failed delivery.
        return {
          ok: false,
          attempts: 1,
          status: 502,
          error: `invalid reply: ${(err as Error).message}`,
          body: text,
        };
      }
    }
    return out;
  } catch (err) {
    return {
      ok: false,
      attempts: 1,
      status: undefined,
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

export async function deliver(o: DeliverOptions): Promise<DeliveryOutcome> {
  let last: DeliveryOutcome = { ok: false, attempts: 0, status: undefined };
  for (let n = 0; n < o.policy.attempts && !o.signal.aborted; n++) {
    if (n > 0) await o.sleep(o.policy.delayMs(n), o.signal);
    if (o.signal.aborted) break;
    last = { ...(await (o.gate ? o.gate.run(() => attempt(o), o.gateKey) : attempt(o))), attempts: n + 1 };
    if (last.ok || !isRetriable(last.status)) return last;
  }
  return last;
}
