/** The child logger of one event: tagged with its id, type and, when known, the object it names. */
import type { FunctionRequest, Logger } from './contract.js';
import type { IncomingEvent } from './decode-event.js';

export function eventLogger(
  log: Logger,
  event: Pick<IncomingEvent, 'id' | 'type'>,
  request?: FunctionRequest,
): Logger {
  const meta: Record<string, unknown> = { eventId: event.id, eventType: event.type };
  if (request?.type === 'object') {
    meta.kind = request.kind;
    if (request.namespace) meta.namespace = request.namespace;
    meta.name = request.name;
  } else if (request?.type === 'github') {
    meta.github = request.action ? `${request.event}.${request.action}` : request.event;
  }
  return log.child(meta);
}
