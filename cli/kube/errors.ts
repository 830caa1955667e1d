/**
 * API failures as one error type with the HTTP status and the API server's own
 * message (e.g. `tasks.kelos.dev "x" not found`), so commands branch on `.code`
 * and users read the server's words rather than a dump of the HTTP exchange.
 */
import { ApiException } from '@kubernetes/client-node';

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

export function toKubeApiError(err: unknown): unknown {
  if (!(err instanceof ApiException)) return err;
  const body = parseBody((err as ApiException<unknown>).body);
  const message = typeof body?.['message'] === 'string' ? body['message'] : `HTTP ${err.code}`;
  const reason = typeof body?.['reason'] === 'string' ? body['reason'] : '';
  return new KubeApiError(message, err.code, reason, { cause: err });
}

function parseBody(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 409 && err.reason === 'Conflict';
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 409 && err.reason === 'AlreadyExists';
}

/** The API server does not serve this apiVersion/kind (Go's NoKindMatchError). */
export class NoMatchError extends Error {
  constructor(apiVersion: string, kind: string, options?: { cause?: unknown }) {
    super(`no matches for kind "${kind}" in version "${apiVersion}"`, options);
    this.name = 'NoMatchError';
  }
}
