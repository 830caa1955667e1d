/**
 * What to change on GitHub for one Task, given what is already there (pure).
 * The comment with the lowest id is the Task's one comment; any other carrying
 * the same uid (two replicas racing past an expired lease) is deleted. A view
 * older than what is posted (lower rank) changes nothing.
 */
import type { CheckRunFields } from './render-check-run.js';
import { parseMarker } from './marker.js';

export interface PostedComment {
  id: number;
  body: string;
}

export type CommentPlan =
  | { action: 'create'; body: string }
  | { action: 'update'; id: number; body: string; remove: number[] }
  | { action: 'none'; id: number; remove: number[]; reason: 'unchanged' | 'newer-posted' };

export function planComment(
  posted: readonly PostedComment[],
  uid: string,
  desired: { body: string; rank: number },
): CommentPlan {
  const mine = posted
    .map((c) => ({ ...c, marker: parseMarker(c.body) }))
    .filter((c) => c.marker?.uid === uid)
    .sort((a, b) => a.id - b.id);
  const [keep, ...extra] = mine;
  if (!keep) return { action: 'create', body: desired.body };
  const remove = extra.map((c) => c.id);
  const postedRank = Math.max(...mine.map((c) => c.marker!.rank));
  if (postedRank > desired.rank) return { action: 'none', id: keep.id, remove: [], reason: 'newer-posted' };
  if (keep.body === desired.body) return { action: 'none', id: keep.id, remove, reason: 'unchanged' };
  return { action: 'update', id: keep.id, body: desired.body, remove };
}

export interface PostedCheckRun {
  id: number;
  external_id?: string | null;
  status: string;
  conclusion?: string | null;
  output?: { title?: string | null; summary?: string | null };
}

export type CheckRunPlan =
  | { action: 'create'; fields: CheckRunFields }
  | { action: 'update'; id: number; fields: CheckRunFields }
  | { action: 'none' };

export function planCheckRun(posted: readonly PostedCheckRun[], desired: CheckRunFields): CheckRunPlan {
  const run = posted.filter((r) => r.external_id === desired.external_id).sort((a, b) => a.id - b.id)[0];
  if (!run) return { action: 'create', fields: desired };
  // A completed run is never reopened: the Task finished, whatever an older view says.
  if (run.status === 'completed' && desired.status !== 'completed') return { action: 'none' };
  const same =
    run.status === desired.status &&
    (run.conclusion ?? undefined) === desired.conclusion &&
    run.output?.title === desired.output.title &&
    run.output?.summary === desired.output.summary;
  return same ? { action: 'none' } : { action: 'update', id: run.id, fields: desired };
}
