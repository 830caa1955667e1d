/**
 * Conditional-request cache: the last ETag and body per URL (and credential),
 * so an unchanged list is answered 304 and costs no rate limit. In-process
 * memory only: correctness never depends on it, a cold replica just sends an
 * unconditional request.
 */
export interface CachedResponse {
  etag: string;
  data: unknown;
  link: string;
}

export class EtagCache {
  private readonly entries = new Map<string, CachedResponse>();

  constructor(private readonly maxEntries = 2000) {}

  get(key: string): CachedResponse | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: CachedResponse): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
