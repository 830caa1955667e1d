/**
 * An event as the broker holds it from publish to its last delivery: encoded
 * once (binary-mode headers and body, what every delivery and retry sends),
 * its `data` parsed back only when someone reads it (tests, the /events
 * listing, a dead letter). A queued or remembered Task event then costs its
 * JSON text rather than the parsed object tree of the watch line (several
 * times larger in V8's heap), and a Task event matched by two Triggers is
 * serialized once, not once per delivery attempt.
 */
import type { PlaneEvent } from './cloud-event.js';
import { encodeBinary } from './http-binding.js';

export interface WireForm {
  headers: Record<string, string>;
  body: string;
}

const WIRE = Symbol('wire');

interface Encoded extends PlaneEvent {
  [WIRE]: WireForm;
}

/**
 * The event with its wire form attached. `data` is an enumerable getter, so a
 * spread copy (`{...event, attributes}`) carries the data but not the cached
 * wire form (kept under a non-enumerable symbol): a copy with other
 * attributes is encoded afresh.
 */
export function encodeEvent(event: PlaneEvent): PlaneEvent {
  const wire = encodeBinary(event);
  // Text data under a non-JSON content type is sent as is; anything else went through JSON.stringify.
  const textAsIs = typeof event.data === 'string' && wire.body === event.data && !isJson(wire.headers);
  const hasData = event.data !== undefined;
  const out = {
    attributes: event.attributes,
    get data(): unknown {
      if (!hasData) return undefined;
      return textAsIs ? wire.body : (JSON.parse(wire.body) as unknown);
    },
  };
  Object.defineProperty(out, WIRE, { value: wire, enumerable: false });
  return out;
}

/** The cached wire form of an event from encodeEvent, else a fresh encoding. */
export function wireForm(event: PlaneEvent): WireForm {
  return (event as Partial<Encoded>)[WIRE] ?? encodeBinary(event);
}

function isJson(headers: Record<string, string>): boolean {
  return /json/.test(headers['content-type'] ?? '');
}
