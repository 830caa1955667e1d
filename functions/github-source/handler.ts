/**
 * github-source: one webhook delivery in, one CloudEvent out. Verifies
 * X-Hub-Signature-256 (@octokit/webhooks) before reading anything; a missing
 * or wrong signature is 401 and nothing is forwarded. `ping` is answered 200
 * and not forwarded. Otherwise the event is sent to the sink and GitHub gets
 * 202 once the sink took it, or 502/503 so the delivery can be redelivered.
 */
import type { Logger } from '../core/runtime/contract.js';
import { DeliveryError, header, readDelivery } from './read-delivery.js';
import { toCloudEvent } from './to-cloudevent.js';

export interface WebhookDeps {
  verify: (payload: string, signature: string) => Promise<boolean>;
  send: (event: { headers: Record<string, string>; body: string }) => Promise<{ status: number }>;
  log: Logger;
  now: () => Date;
}

export interface WebhookAnswer {
  status: number;
  body?: Record<string, unknown>;
}

export async function handleWebhook(
  headers: Record<string, string | string[] | undefined>,
  raw: string,
  deps: WebhookDeps,
): Promise<WebhookAnswer> {
  const signature = header(headers, 'x-hub-signature-256');
  if (!signature || !(await deps.verify(raw, signature).catch(() => false))) {
    deps.log.warn('rejected webhook delivery: bad or missing signature', {
      delivery: header(headers, 'x-github-delivery'),
    });
    return { status: 401, body: { error: 'signature does not match' } };
  }
  let delivery;
  try {
    delivery = readDelivery(headers, raw);
  } catch (err) {
    if (err instanceof DeliveryError) {
      deps.log.warn('rejected webhook delivery', {
        status: err.status,
        error: err.message,
        delivery: header(headers, 'x-github-delivery'),
      });
      return { status: err.status, body: { error: err.message } };
    }
    throw err;
  }
  const log = deps.log.child({ delivery: delivery.id, event: delivery.event });
  if (delivery.event === 'ping') return { status: 200, body: { ok: true } };
  const event = toCloudEvent(delivery, deps.now());
  try {
    const answer = await deps.send(event);
    if (answer.status >= 200 && answer.status < 300) {
      log.debug('forwarded', { type: event.headers['ce-type'] });
      return { status: 202 };
    }
    log.warn('sink refused the event', { type: event.headers['ce-type'], status: answer.status });
    return { status: 502, body: { error: `sink answered ${answer.status}` } };
  } catch (err) {
    log.warn('sink unreachable', { type: event.headers['ce-type'], error: (err as Error).message });
    return { status: 503, body: { error: 'sink unreachable' } };
  }
}
