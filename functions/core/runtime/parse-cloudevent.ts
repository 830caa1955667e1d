/**
 * Reads a CloudEvent from an HTTP request in binary or structured mode with
 * the cloudevents SDK, and validates it against the spec (the SDK's
 * `HTTP.toEvent` does not). Binary-mode 1.0, what Knative's broker delivers,
 * is read by binary-event.ts the way the SDK reads it, at a fraction of the
 * CPU. Any problem is a ValidationError (answered 400).
 */
import { type CloudEvent, HTTP, ValidationError as SdkValidationError } from 'cloudevents';
import { binaryEvent } from './binary-event.js';
import type { IncomingEvent } from './decode-event.js';
import { ValidationError } from './errors.js';

const REQUIRED = ['id', 'source', 'type', 'specversion'] as const;

export function parseCloudEvent(
  headers: Record<string, string | string[] | undefined>,
  body: string,
): IncomingEvent {
  const flat = flattenHeaders(headers);
  const contentType = (flat['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/cloudevents-batch')) {
    throw new ValidationError('batched CloudEvents are not accepted');
  }
  const structured = contentType.startsWith('application/cloudevents');
  // The SDK looks parsers up by the exact media type; `; charset=utf-8` would defeat it.
  if (structured) flat['content-type'] = 'application/cloudevents+json';
  // The SDK fills a missing id or time with a fresh value; a missing id is malformed, so check first.
  const missing = structured ? missingInStructured(body) : REQUIRED.filter((a) => !flat[`ce-${a}`]);
  if (missing.length > 0) {
    throw new ValidationError(`malformed CloudEvent: missing ${missing.join(', ')}`, { details: missing });
  }
  try {
    const event =
      !structured && flat['ce-specversion'] === '1.0'
        ? binaryEvent(flat, body)
        : HTTP.toEvent({ headers: flat, body });
    if (Array.isArray(event)) throw new ValidationError('batched CloudEvents are not accepted');
    // toEvent returns the SDK's CloudEvent class (typed only as the V1 interface).
    const ce = event as unknown as CloudEvent<unknown>;
    if (ce.specversion !== '1.0' && ce.specversion !== '0.3') {
      throw new ValidationError(
        `malformed CloudEvent: unsupported specversion ${JSON.stringify(ce.specversion)}`,
      );
    }
    ce.validate();
    return ce as unknown as IncomingEvent;
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new ValidationError(`malformed CloudEvent: ${describe(err)}`, { cause: err });
  }
}

function missingInStructured(body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ValidationError('malformed CloudEvent: structured body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError('malformed CloudEvent: structured body is not a JSON object');
  }
  const obj = parsed as Record<string, unknown>;
  return REQUIRED.filter((a) => typeof obj[a] !== 'string' || obj[a] === '');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}

function describe(err: unknown): string {
  if (err instanceof SdkValidationError) {
    const details = (err.errors ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
    return details.length > 0 ? `${err.message}: ${details.join('; ')}` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
