/**
 * The hidden marker that finds a Task's status comment again (no state kept
 * anywhere else): an HTML comment on the first line naming the Task's uid and
 * the rank of the phase the comment shows, so a writer can tell whether its
 * own view is older than what is already posted.
 */
export interface Marker {
  uid: string;
  rank: number;
}

const PATTERN = /<!-- kelos-report uid="([^"]+)" rank="(\d+)"[^>]*-->/;

export function formatMarker(marker: Marker & { task: string; phase: string }): string {
  return `<!-- kelos-report uid="${marker.uid}" rank="${marker.rank}" task="${marker.task}" phase="${marker.phase}" -->`;
}

/** The marker in a comment body, or undefined when the comment is not a Kelos status comment. */
export function parseMarker(body: string | null | undefined): Marker | undefined {
  const m = PATTERN.exec(body ?? '');
  return m ? { uid: m[1]!, rank: Number(m[2]) } : undefined;
}
