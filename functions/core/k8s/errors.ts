/**
 * Failures of the Kubernetes API, carrying the HTTP status (`code`) and the
 * Status `reason` so callers branch on them, never on message text.
 */

/** Which object a failure concerns (as much as is known; no name for a list). */
export interface ErrorRef {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
}

/** The parts of a metav1.Status the API server sends with a failure. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: unknown[] };
}

export interface KubeErrorInit {
  code: number;
  reason: string;
  verb: string;
  ref?: ErrorRef | undefined;
  message?: string | undefined;
  cause?: unknown;
  /**
   * The message is the API server's own words alone (`tasks.kelos.dev "x" not
   * found`), as kubectl shows them: the CLI's choice. Otherwise it names the
   * verb, object, code and reason for logs.
   */
  plain?: boolean | undefined;
}

const BRAND = Symbol.for('kelos.dev/KubeError');

export class KubeError extends Error {
  /**
   * `instanceof` by brand, not prototype: a test runner (mocha + tsx) or a
   * bundle can load this module twice, and an error from one copy must still
   * be recognised by the other.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
  readonly [BRAND] = true;
  override name = 'KubeError';
  /** HTTP status; 0 when the API server could not be reached at all. */
  readonly code: number;
  /** Status reason: NotFound, Conflict, AlreadyExists, Forbidden, Invalid, … (or a network error code). */
  readonly reason: string;
  readonly verb: string;
  readonly ref: ErrorRef | undefined;

  constructor(init: KubeErrorInit) {
    super(formatMessage(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.reason = init.reason;
    this.verb = init.verb;
    this.ref = init.ref;
  }

  /** True for failures worth retrying later: unreachable, throttled or a server-side error. */
  get transient(): boolean {
    return this.code === 0 || this.code === 429 || this.code >= 500;
  }
}

function formatMessage(init: KubeErrorInit): string {
  if (init.plain) return init.message || `HTTP ${init.code}`;
  const what = describeRef(init.ref);
  const detail = init.message ?? init.reason;
  return `${init.verb} ${what}: ${detail} (${init.code === 0 ? 'unreachable' : init.code} ${init.reason})`;
}

/** `Task team-a/fix-1`, `Namespace kelos`, or the kind alone for a list. */
export function describeRef(ref: ErrorRef | undefined): string {
  if (!ref) return 'object';
  const kind = ref.kind ?? 'object';
  if (!ref.name) return ref.namespace ? `${kind} in ${ref.namespace}` : kind;
  return ref.namespace ? `${kind} ${ref.namespace}/${ref.name}` : `${kind} ${ref.name}`;
}

/** Builds a KubeError from an HTTP failure and the (possibly non-Status) body. */
export function kubeErrorFromResponse(
  statusCode: number,
  body: string,
  verb: string,
  ref: ErrorRef | undefined,
  options: { plain?: boolean } = {},
): KubeError {
  const status = parseStatus(body);
  return new KubeError({
    code: status?.code ?? statusCode,
    reason: status?.reason || reasonForCode(statusCode),
    verb,
    ref,
    plain: options.plain,
    // Status messages name the object and field, never secret data; a non-Status
    // body (HTML from a proxy, a log line) is cut short so it cannot flood logs.
    message: status?.message ?? (body.trim().slice(0, 200) || undefined),
  });
}

function parseStatus(body: string): KubeStatus | undefined {
  if (!body.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(body) as KubeStatus;
    return parsed.kind === 'Status' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function reasonForCode(code: number): string {
  return REASONS[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
}

export function isKubeError(err: unknown): err is KubeError {
  return err instanceof KubeError;
}

export function isNotFound(err: unknown): boolean {
  return isKubeError(err) && err.code === 404;
}

/** A write lost an optimistic-concurrency race (stale resourceVersion). */
export function isConflict(err: unknown): boolean {
  return isKubeError(err) && err.code === 409 && err.reason !== 'AlreadyExists';
}

/** Throttled: not processed, come back later (e.g. storage (re)initializing right after a CRD appears). */
export function isTooManyRequests(err: unknown): boolean {
  return isKubeError(err) && err.code === 429;
}

export function isAlreadyExists(err: unknown): boolean {
  return isKubeError(err) && err.code === 409 && err.reason === 'AlreadyExists';
}
