/**
 * Back-off on GitHub rate-limit answers: a 403/429 with
 * `x-ratelimit-remaining: 0` or `retry-after` blocks further calls with the
 * same credential until the reset time, instead of hammering the API.
 */
export class RateLimitedError extends Error {
  constructor(readonly until: Date) {
    super(`GitHub API rate limit exceeded; skipping until ${until.toISOString()}`);
    this.name = 'RateLimitedError';
  }
}

type Headers = Record<string, string | number | undefined>;

/** The time until which to back off, or undefined when the answer is not a rate limit. */
export function rateLimitUntil(status: number, headers: Headers, now: Date): Date | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && retryAfter !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return new Date(now.getTime() + seconds * 1000);
  }
  if (String(headers['x-ratelimit-remaining'] ?? '') === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    return Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : new Date(now.getTime() + 60_000);
  }
  return status === 429 ? new Date(now.getTime() + 60_000) : undefined;
}

export class RateLimiter {
  private readonly blocked = new Map<string, Date>();

  check(key: string, now: Date): void {
    const until = this.blocked.get(key);
    if (!until) return;
    if (until.getTime() > now.getTime()) throw new RateLimitedError(until);
    this.blocked.delete(key);
  }

  block(key: string, until: Date): void {
    this.blocked.set(key, until);
  }
}
