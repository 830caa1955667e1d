/**
 * A unit of discovered work (KELOS-BEHAVIOUR §3.5): one GitHub issue or pull
 * request, or one cron tick. A TaskSpawner turns each into at most one Task
 * named `<spawner>-<id>`.
 */
export interface WorkItem {
  /** Issue number as a string, or the cron tick as `20060102-1504`. */
  id: string;
  number: number;
  title: string;
  body: string;
  url: string;
  /** Label names, in the API's order. */
  labels: string[];
  /** Comment bodies joined with `\n---\n` (capped at 64 KiB). */
  comments: string;
  /** `Issue`, `PR`, or '' for cron ticks. */
  kind: string;
  /** Cron tick time, RFC3339. */
  time?: string;
  schedule?: string;
}

export const COMMENT_SEPARATOR = '\n---\n';
export const COMMENTS_MAX_BYTES = 64 * 1024;

/** Joins comment bodies oldest first, stopping before the one that would pass 64 KiB. */
export function joinComments(bodies: readonly string[]): string {
  const kept: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = Buffer.byteLength(body) + (kept.length > 0 ? COMMENT_SEPARATOR.length : 0);
    if (bytes + size > COMMENTS_MAX_BYTES) break;
    bytes += size;
    kept.push(body);
  }
  return kept.join(COMMENT_SEPARATOR);
}
