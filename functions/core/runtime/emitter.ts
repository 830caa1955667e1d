/**
 * Sends the events a function emits (dev.kelos.*) to K_SINK as binary-mode
 * CloudEvents. Best-effort by design: a short timeout and a couple of retries,
 * then a warning; it never throws into a handler, because the state change
 * the event reports is already in the API server.
 */
import { randomUUID } from 'node:crypto';
import type { Logger, OutgoingEvent } from './contract.js';
import { fetchPostEvent, httpPostEvent } from './post-event.js';

export interface EmitterOptions {
  sink: string | undefined;
  log: Logger;
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
  now?: () => Date;
  /** Tests inject a fetch; by default events go over node:http with keep-alive (post-event.ts). */
  fetch?: typeof fetch;
}

export type Emit = (event: OutgoingEvent) => Promise<void>;

export function createEmitter(options: EmitterOptions): Emit {
  const { sink, log } = options;
  if (!sink) return async () => {};
  const timeoutMs = options.timeoutMs ?? 2000;
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoffMs = options.backoffMs ?? 100;
  const now = options.now ?? (() => new Date());
  const post = options.fetch ? fetchPostEvent(options.fetch) : httpPostEvent;

  return async (event) => {
    const id = randomUUID();
    const headers = binaryHeaders(event, id, now());
    const body = JSON.stringify(event.data);
    let lastProblem = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const status = await post(sink, { headers, body, timeoutMs });
        if (status >= 200 && status < 300) return;
        lastProblem = `HTTP ${status}`;
        if (status < 500 && status !== 429 && status !== 404 && status !== 408) break;
      } catch (err) {
        lastProblem = err instanceof Error ? err.message : String(err);
      }
      if (attempt < attempts) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
    }
    log.warn('could not emit event', {
      emitType: event.type,
      subject: event.subject,
      id,
      problem: lastProblem,
    });
  };
}

export function binaryHeaders(event: OutgoingEvent, id: string, time: Date): Record<string, string> {
  return {
    'content-type': 'application/json',
    'ce-specversion': '1.0',
    'ce-id': id,
    'ce-type': event.type,
    'ce-source': event.source,
    'ce-subject': event.subject,
    'ce-time': time.toISOString(),
  };
}
