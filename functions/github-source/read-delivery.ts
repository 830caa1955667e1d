/**
 * Reads one webhook request: the GitHub headers and the payload, from a JSON
 * body or a form body (`payload=<json>`, GitHub's other content type). The
 * signature is checked by the caller over the raw bytes before this runs.
 */
import type { Delivery } from './to-cloudevent.js';

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string): string => {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

export function readDelivery(headers: Headers, raw: string): Delivery {
  const event = header(headers, 'x-github-event');
  const id = header(headers, 'x-github-delivery');
  // GitHub's event names are lower-case words joined by `_`, with digits (`projects_v2_item`).
  if (!event || !/^[a-z0-9_]+$/.test(event))
    throw new DeliveryError('missing or invalid X-GitHub-Event header', 400);
  if (!id) throw new DeliveryError('missing X-GitHub-Delivery header', 400);
  let body = raw;
  if (header(headers, 'content-type').startsWith('application/x-www-form-urlencoded')) {
    body = new URLSearchParams(raw).get('payload') ?? '';
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    throw new DeliveryError('payload is not JSON', 400);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DeliveryError('payload is not a JSON object', 400);
  }
  return { event, id, payload: payload as Record<string, unknown>, body };
}

export { header };
