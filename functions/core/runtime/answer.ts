/**
 * Maps a handler's outcome to the HTTP answer of SPEC.md §2. Pure, so every
 * rule is unit-tested. Bodies are empty for 202/204: a non-empty body that is
 * not a CloudEvent makes the Knative broker answer 502 and redeliver.
 */
import { isConflict, isKubeError } from '../k8s/errors.js';
import type { HandlerResult } from './contract.js';
import { ConflictError, TransientError, ValidationError } from './errors.js';

export interface Answer {
  status: 202 | 204 | 400 | 409 | 503;
  /** JSON body, only for errors. */
  body?: { error: string; details?: string[] };
  /** Whether the runtime should log the error at error level (unexpected failures). */
  logAsError: boolean;
}

export function answerForResult(result: HandlerResult): Answer {
  return { status: result === 'handled' ? 202 : 204, logAsError: false };
}

export function answerForError(err: unknown): Answer {
  if (err instanceof ValidationError) {
    const body =
      err.details.length > 0 ? { error: err.message, details: err.details } : { error: err.message };
    return { status: 400, body, logAsError: false };
  }
  if (err instanceof ConflictError || isConflict(err)) {
    return { status: 409, body: { error: messageOf(err) }, logAsError: false };
  }
  if (err instanceof TransientError || (isKubeError(err) && err.transient)) {
    return { status: 503, body: { error: messageOf(err) }, logAsError: false };
  }
  // Unknown failures are retried too (a bug fixed by a redeploy should not lose the event),
  // but logged loudly; the answer carries no internals.
  return { status: 503, body: { error: 'internal error' }, logAsError: true };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
