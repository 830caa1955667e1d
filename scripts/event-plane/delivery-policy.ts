/**
 * Knative's DeliverySpec semantics: `retry` extra attempts after the first,
 * waiting backoffDelay * 2^n (exponential) or backoffDelay * n (linear)
 * before retry n (n from 0 for exponential, 1 for linear, as Knative's
 * kncloudevents does); retried on no response, 5xx, 404, 408, 409 and 429.
 * `timeScale` compresses the waits for tests.
 */
import { parseIsoDurationMs } from './iso-duration.js';

export interface DeliverySpec {
  retry?: number;
  backoffPolicy?: 'exponential' | 'linear';
  backoffDelay?: string;
  timeout?: string;
  deadLetterSink?: {
    ref?: { apiVersion?: string; kind?: string; name: string; namespace?: string };
    uri?: string;
  };
}

export interface RetryPolicy {
  attempts: number;
  /** Wait before retry number `retry` (1-based), in ms. */
  delayMs(retry: number): number;
  timeoutMs: number | undefined;
}

export function retryPolicy(spec: DeliverySpec | undefined, timeScale = 1): RetryPolicy {
  const retries = Math.max(0, spec?.retry ?? 0);
  const base = spec?.backoffDelay ? parseIsoDurationMs(spec.backoffDelay) : 0;
  const linear = spec?.backoffPolicy === 'linear';
  return {
    attempts: retries + 1,
    delayMs: (retry) => (linear ? base * retry : base * 2 ** (retry - 1)) * timeScale,
    timeoutMs: spec?.timeout ? parseIsoDurationMs(spec.timeout) : undefined,
  };
}

/** Status codes Knative retries; `undefined` is "no response" (connection error, timeout). */
export function isRetriable(status: number | undefined): boolean {
  if (status === undefined) return true;
  return status >= 500 || status === 404 || status === 408 || status === 409 || status === 429;
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
