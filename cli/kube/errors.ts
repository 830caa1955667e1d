/**
 * API failures as one error type with the HTTP status and the API server's own
 * message (e.g. `tasks.kelos.dev "x" not found`), so commands branch on `.code`
 * and users read the server's words rather than a dump of the HTTP exchange.
 */
export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KubeApiError';
  }
}

/**
 * Checks by name and code rather than instanceof: the client module is loaded
 * lazily, and a loader may instantiate this module twice (one class per copy).
 */
function apiCode(err: unknown): number | undefined {
  return err instanceof Error && err.name === 'KubeApiError' ? (err as KubeApiError).code : undefined;
}

function apiReason(err: unknown): string {
  return err instanceof Error && err.name === 'KubeApiError' ? (err as KubeApiError).reason : '';
}

export function isNotFound(err: unknown): boolean {
  return apiCode(err) === 404;
}

export function isConflict(err: unknown): boolean {
  return apiCode(err) === 409 && apiReason(err) === 'Conflict';
}

export function isTooManyRequests(err: unknown): boolean {
  return apiCode(err) === 429;
}

export function isNoMatch(err: unknown): boolean {
  return err instanceof Error && err.name === 'NoMatchError';
}

/** The API server does not serve this apiVersion/kind (Go's NoKindMatchError). */
export class NoMatchError extends Error {
  constructor(apiVersion: string, kind: string, options?: { cause?: unknown }) {
    super(`no matches for kind "${kind}" in version "${apiVersion}"`, options);
    this.name = 'NoMatchError';
  }
}
