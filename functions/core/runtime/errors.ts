/**
 * Typed errors a handler (or the decoder) throws; the runtime maps each to
 * its answer (SPEC.md §2): ValidationError 400 (final, Knative does not
 * retry), ConflictError 409 and TransientError 503 (both retried by Knative).
 * Any other error is answered 503 and logged.
 */

/** The event is malformed or its data is not the object it claims: answered 400, never retried. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly status = 400;
  /** Field-level details shown in the JSON answer (never secret values). */
  readonly details: string[];

  constructor(message: string, options: { details?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details ?? [];
  }
}

/** An optimistic-concurrency conflict that survived local retries: answered 409 so the broker redelivers. */
export class ConflictError extends Error {
  override name = 'ConflictError';
  readonly status = 409;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The API server (or another dependency) is unreachable or overloaded: answered 503 so the broker redelivers. */
export class TransientError extends Error {
  override name = 'TransientError';
  readonly status = 503;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
