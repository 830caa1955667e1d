/**
 * What the `GitHubReported` condition records, and what it lets report-github
 * skip (pure). After every report whose comment now shows the Task as read,
 * the condition says what GitHub shows: True, reason = the phase, message
 * naming the item (and, for a Waiting Task, the reason it waits, the only
 * thing that changes a non-final comment or Check Run within one phase). So a
 * resync tick can tell "Running already on GitHub" from "Running never
 * reported" from the listed Task alone, and the Task update that the
 * condition write itself causes costs no GitHub call.
 */
import type { Condition } from '../core/api/kube-types.js';
import type { Task, TaskStatus } from '../core/api/types.js';
import { readOrigin, type GitHubOrigin } from '../core/task/github-origin.js';
import { isFinal, phaseRank, reportPhase, type ReportPhase } from './phase-rank.js';
import { CONDITION_REPORTED, reportedCondition, withReportCondition } from './report-condition.js';

const PHASES: readonly string[] = ['Queued', 'Waiting', 'Pending', 'Running', 'Succeeded', 'Failed'];

/** The condition that records `task`'s current phase as shown on GitHub. */
export function shownCondition(task: Task, origin: GitHubOrigin): Omit<Condition, 'lastTransitionTime'> {
  const phase = reportPhase(task);
  const where = `status comment on ${origin.owner}/${origin.repo}#${origin.number}`;
  // Final phases keep the message they always had; the others say what the comment shows.
  const message = isFinal(phase)
    ? where
    : phase === 'Waiting'
      ? `${where} shows Waiting: ${(task.status?.message || 'waiting for its dependencies').replace(/\s+/g, ' ').trim()}`
      : `${where} shows ${phase}`;
  return { type: CONDITION_REPORTED, status: 'True', reason: phase, message };
}

/** True when the Task's final phase is already on GitHub (nothing left to do). */
export function finishedReporting(task: Task): boolean {
  const c = reportedCondition(task);
  return c?.status === 'True' && c.reason === task.status?.phase && isFinal(reportPhase(task));
}

/**
 * True when GitHub already shows the Task as it is now (its condition says so):
 * no read, no GitHub call needed. A Task whose phase moved on since (a lost
 * event) is not: the next report brings GitHub up to date.
 */
export function alreadyReported(task: Task): boolean {
  if (finishedReporting(task)) return true;
  const c = reportedCondition(task);
  const origin = readOrigin(task);
  if (c?.status !== 'True' || !origin) return false;
  const shown = shownCondition(task, origin);
  return c.reason === shown.reason && c.message === shown.message;
}

/** The phase a True condition records, or undefined (none, a refusal, or an unknown reason). */
function recordedPhase(task: Task): ReportPhase | undefined {
  const c = reportedCondition(task);
  return c?.status === 'True' && PHASES.includes(c.reason ?? '') ? (c.reason as ReportPhase) : undefined;
}

/**
 * The status to write on `current` (the Task as read for the write, maybe
 * newer than `reported`) after GitHub was brought to show `reported`; undefined
 * when nothing changes, or when the condition already records a later phase
 * (another replica reported a newer state: never record an older one over it).
 */
export function statusAfterReport(
  current: Task,
  reported: Task,
  origin: GitHubOrigin,
  now: Date,
): TaskStatus | undefined {
  const recorded = recordedPhase(current);
  if (recorded && phaseRank(recorded) > phaseRank(reportPhase(reported))) return undefined;
  return withReportCondition(current, shownCondition(reported, origin), now);
}
