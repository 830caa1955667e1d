/**
 * Binary-mode CloudEvents 1.0 read the way the cloudevents SDK's
 * `HTTP.toEvent` reads them (same attribute mapping, `time` and `data`
 * parsing), without its per-message overhead: it copies and lower-cases the
 * headers twice, walks a parser table, and builds two Error objects (stack
 * traces included) for every JSON body. That was three quarters of the cost
 * of reading an event, and a function reads one per delivery. The result is
 * the SDK's own CloudEvent, unvalidated: the caller validates it with the
 * SDK, as before. Structured mode, batches and 0.3 stay with the SDK.
 */
import { CloudEvent } from 'cloudevents';

/** Headers already flattened and lower-cased (parse-cloudevent.ts). */
export type FlatHeaders = Record<string, string>;

// The SDK's binary parser table for 1.0: header → attribute (content-type last, so it wins).
const KNOWN: ReadonlyArray<readonly [string, string]> = [
  ['ce-type', 'type'],
  ['ce-specversion', 'specversion'],
  ['ce-source', 'source'],
  ['ce-id', 'id'],
  ['ce-time', 'time'],
  ['ce-dataschema', 'dataschema'],
  ['ce-subject', 'subject'],
  ['datacontenttype', 'datacontenttype'],
  ['content-type', 'datacontenttype'],
];
const KNOWN_HEADERS = new Set(KNOWN.map(([h]) => h));

// The content types the SDK parses as JSON (exact match, as its lookup table); octet-stream and the rest pass through.
const JSON_TYPES = new Set([
  'application/json',
  'application/cloudevents+json',
  'application/json; charset=utf-8',
  'application/cloudevents+json; charset=utf-8',
]);

/** The SDK's DateParser: an unparsable time becomes now. */
function parseTime(value: string): string {
  const ms = Date.parse(value);
  return (Number.isNaN(ms) ? new Date() : new Date(ms)).toISOString();
}

/** The SDK's JSONParser on a string body (bare words are read as a JSON string, as it does). */
function parseJsonBody(body: string): unknown {
  return JSON.parse(/^[[|{|"]/.test(body) ? body : `"${body}"`);
}

/** Throws what JSON.parse throws for a JSON body that does not parse (the caller answers 400). */
export function binaryEvent(headers: FlatHeaders, body: string): CloudEvent<unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [header, name] of KNOWN) {
    const value = headers[header];
    if (value) attributes[name] = header === 'ce-time' ? parseTime(value) : value;
  }
  for (const header in headers) {
    if (header.startsWith('ce-') && !KNOWN_HEADERS.has(header)) attributes[header.slice(3)] = headers[header];
  }
  const type = attributes.datacontenttype;
  const data = body && typeof type === 'string' && JSON_TYPES.has(type) ? parseJsonBody(body) : body;
  return new CloudEvent<unknown>({ ...attributes, data }, false);
}
