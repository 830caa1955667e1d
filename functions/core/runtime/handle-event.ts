/**
 * One delivery, start to answer: parse the CloudEvent, decode it into a
 * request, call the handler with a per-event logger, map the outcome to the
 * answer of SPEC.md §2. Independent of express so it is tested directly.
 */
import type { Counter } from 'prom-client';
import { answerForError, answerForResult, type Answer } from './answer.js';
import type { Handler, HandlerDeps, Logger } from './contract.js';
import { decodeEvent, type IncomingEvent } from './decode-event.js';
import { eventLogger } from './event-logger.js';
import { parseCloudEvent } from './parse-cloudevent.js';
import { broken } from '../test-hooks/broken-guarantee.js';

export interface EventContext<Config> {
  handle: Handler<Config>;
  /** Dependencies shared by every event; `log` is the process logger (a child is made per event). */
  deps: HandlerDeps<Config>;
  /** kelos_reconcile_errors_total, labelled with `controller`. */
  reconcileErrors?: Counter<'controller'> | undefined;
  controller: string;
}

export async function handleDelivery<Config>(
  ctx: EventContext<Config>,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): Promise<Answer> {
  const log = ctx.deps.log;
  let event: IncomingEvent;
  try {
    event = parseCloudEvent(headers, body);
  } catch (err) {
    const answer = answerForError(err);
    log.warn('rejected malformed CloudEvent', { status: answer.status, error: answer.body?.error });
    return answer;
  }
  return handleEvent(ctx, event);
}

export async function handleEvent<Config>(ctx: EventContext<Config>, event: IncomingEvent): Promise<Answer> {
  const started = performance.now();
  let log: Logger = eventLogger(ctx.deps.log, event);
  try {
    const request = decodeEvent(event, ctx.deps.now);
    if (!request) {
      log.debug('ignored event of unknown type');
      return answerForResult('ignored');
    }
    if (request.type === 'resync' && broken('resync-sweep')) return answerForResult('ignored');
    log = eventLogger(ctx.deps.log, event, request);
    const result = await ctx.handle(request, { ...ctx.deps, log });
    log.debug(`event ${result}`, { durationMs: Math.round(performance.now() - started) });
    return answerForResult(result);
  } catch (err) {
    const answer = answerForError(err);
    const meta = { status: answer.status, durationMs: Math.round(performance.now() - started), err };
    if (answer.logAsError) log.error('event handling failed', meta);
    else log.warn('event not handled', meta);
    if (answer.status !== 400) ctx.reconcileErrors?.inc({ controller: ctx.controller });
    return answer;
  }
}
