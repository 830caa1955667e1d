/**
 * Our own `dev.kelos.*` events (SPEC.md §2) name their object in `source`:
 * `/apis/kelos.dev/v1alpha1/namespaces/<ns>/<plural>/<name>`. A function that
 * consumes them is asked to look at that object.
 */
import { GROUP, PLURALS, VERSION } from '../api/constants.js';
import type { ObjectRequest } from './contract.js';
import type { IncomingEvent } from './decode-event.js';
import { ValidationError } from './errors.js';

const SOURCE = /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)$/;

const KIND_BY_PLURAL: Record<string, string> = Object.fromEntries(
  Object.entries(PLURALS).map(([kind, plural]) => [plural, kind]),
);

export function decodeKelosEvent(event: IncomingEvent): ObjectRequest {
  const m = SOURCE.exec(event.source);
  const kind = m ? KIND_BY_PLURAL[m[4] ?? ''] : undefined;
  if (!m || m[1] !== GROUP || m[2] !== VERSION || !kind) {
    throw new ValidationError(
      `${event.type}: source ${JSON.stringify(event.source)} is not /apis/${GROUP}/${VERSION}/namespaces/<ns>/<plural>/<name>`,
    );
  }
  const request: ObjectRequest = {
    type: 'object',
    eventId: event.id,
    eventType: event.type,
    apiVersion: `${GROUP}/${VERSION}`,
    kind,
    namespace: decodeURIComponent(m[3] ?? ''),
    name: decodeURIComponent(m[5] ?? ''),
  };
  const summary = event.data;
  if (typeof summary === 'object' && summary !== null && !Array.isArray(summary))
    request.summary = summary as Record<string, unknown>;
  return request;
}
