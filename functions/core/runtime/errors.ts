/**
 * Typed errors a handler (or the decoder) throws; the runtime maps each to
 * its answer (SPEC.md §2): ValidationError 400 (final, Knative does not
 * retry), ConflictError 409 and TransientError 503 (both retried by Knative).
 * Any other error is answered 503 and logged.
 *
 * `instanceof` checks a brand, not the prototype: a test runner (mocha + tsx)
 * can load this module twice, and an error thrown by a handler from one copy
 * must still be mapped by the runtime from the other.
 */
const VALIDATION = Symbol.for('kelos.dev/ValidationError');
const CONFLICT = Symbol.for('kelos.dev/ConflictError');
const TRANSIENT = Symbol.for('kelos.dev/TransientError');

function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** The event is malformed or its data is not the object it claims: answered 400, never retried. */
export class ValidationError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, VALIDATION);
  }
  readonly [VALIDATION] = true;
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
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, CONFLICT);
  }
  readonly [CONFLICT] = true;
  override name = 'ConflictError';
  readonly status = 409;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The API server (or another dependency) is unreachable or overloaded: answered 503 so the broker redelivers. */
export class TransientError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, TRANSIENT);
  }
  readonly [TRANSIENT] = true;
  override name = 'TransientError';
  readonly status = 503;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
