/**
 * API failures are the functions' KubeError (functions/core/k8s/errors.ts):
 * the HTTP status in `.code`, the Status reason, and — from the CLI's REST
 * client — the API server's own message, so commands branch on `.code` and
 * users read the server's words rather than a dump of the HTTP exchange.
 */
import { KubeError } from '../../functions/core/k8s/errors.js';

export { isConflict, isNotFound, isTooManyRequests, KubeError } from '../../functions/core/k8s/errors.js';

/** A KubeError as the CLI's REST client makes it: the server's message alone. */
export function apiError(message: string, code: number, reason: string): KubeError {
  return new KubeError({ code, reason, verb: 'request', message, plain: true });
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
