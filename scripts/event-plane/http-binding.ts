/**
 * CloudEvents HTTP protocol binding (binary and structured mode) for the
 * plane's plain events: decoding requests at the broker ingress and replies
 * from subscribers, encoding deliveries in binary mode (what Knative's broker
 * sends).
 */
import type { PlaneEvent } from './cloud-event.js';

export class EventDecodeError extends Error {}

const REQUIRED = ['id', 'source', 'type', 'specversion'] as const;

export type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

function decodeHeaderValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function parseData(body: string, contentType: string | undefined): unknown {
  if (body === '') return undefined;
  if (!contentType || /[/+]json\b/.test(contentType)) {
    try {
      return JSON.parse(body) as unknown;
    } catch (err) {
      if (contentType) throw new EventDecodeError(`data is not valid JSON: ${(err as Error).message}`);
    }
  }
  return body;
}

/** Decodes an HTTP message; returns undefined when it carries no CloudEvent. */
export function decodeEvent(headers: Headers, body: string): PlaneEvent | undefined {
  const contentType = header(headers, 'content-type');
  let event: PlaneEvent;
  if (contentType?.startsWith('application/cloudevents+json')) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch (err) {
      throw new EventDecodeError(`structured event is not valid JSON: ${(err as Error).message}`);
    }
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(json)) {
      if (k !== 'data' && k !== 'data_base64' && v !== null && v !== undefined)
        attributes[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    const data =
      json.data_base64 !== undefined
        ? Buffer.from(String(json.data_base64), 'base64').toString('utf8')
        : json.data;
    event = data === undefined ? { attributes } : { attributes, data };
  } else {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      const lower = k.toLowerCase();
      if (lower.startsWith('ce-') && v !== undefined)
        attributes[lower.slice(3)] = decodeHeaderValue(Array.isArray(v) ? v.join(',') : v);
    }
    if (Object.keys(attributes).length === 0) return undefined;
    if (contentType) attributes.datacontenttype = contentType;
    const data = parseData(body, contentType);
    event = data === undefined ? { attributes } : { attributes, data };
  }
  const missing = REQUIRED.filter((a) => !event.attributes[a]);
  if (missing.length > 0)
    throw new EventDecodeError(`CloudEvent lacks required attribute(s): ${missing.join(', ')}`);
  return event;
}

/** Binary-mode headers and body for an event. */
export function encodeBinary(event: PlaneEvent): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.attributes)) {
    if (k === 'datacontenttype') continue;
    headers[`ce-${k}`] = /^[\x20-\x7e]*$/.test(v) && !v.includes('%') ? v : encodeURIComponent(v);
  }
  const contentType =
    event.attributes.datacontenttype ?? (event.data === undefined ? undefined : 'application/json');
  if (contentType) headers['content-type'] = contentType;
  const body =
    event.data === undefined
      ? ''
      : typeof event.data === 'string' && !/json/.test(contentType ?? '')
        ? event.data
        : JSON.stringify(event.data);
  return { headers, body };
}
