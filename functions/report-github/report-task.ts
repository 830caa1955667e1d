/**
 * Reports one Task to GitHub (SPEC.md §9): re-read the Task, check it came
 * from a GitHub item of a spawner with `reporting.enabled`, then under the
 * Task's report lease bring its status comment (and, with `checks`, the PR's
 * Check Run) to the Task's current phase. A refused token is logged once and
 * recorded as a condition on the Task; it is not retried.
 */
import { API_VERSION, LABEL_TASKSPAWNER } from '../core/api/constants.js';
import type { KubeObject } from '../core/api/kube-types.js';
import type { Stored } from '../core/api/kube-types.js';
import type { Task, TaskSpawner } from '../core/api/types.js';
import { RateLimitedError } from '../core/github/rate-limit.js';
import type { HandlerDeps, HandlerResult } from '../core/runtime/contract.js';
import { TransientError } from '../core/runtime/errors.js';
import { readOrigin, type GitHubOrigin } from '../core/task/github-origin.js';
import type { TaskObject } from '../core/task/objects.js';
import { updateTaskStatus } from '../core/task/update-status.js';
import type { ReportConfig } from './config.js';
import { planCheckRun, planComment } from './decide.js';
import { githubCredentials } from './github-access.js';
import { isGitHubAccessError, type GitHubAccessError, type ReportGitHub } from './github-port.js';
import { phaseRank, reportPhase } from './phase-rank.js';
import { CONDITION_REPORTED, withReportCondition } from './report-condition.js';
import { alreadyReported, statusAfterReport } from './reported.js';
import { withReportLease } from './report-lease.js';
import type { ReportState } from './report-state.js';
import { checkRunName, renderCheckRun } from './render-check-run.js';
import { renderComment } from './render-comment.js';

type TaskSpawnerObject = TaskSpawner & KubeObject;

export type ReportDeps = Pick<HandlerDeps<ReportConfig>, 'kube' | 'log' | 'now' | 'config'> & {
  state: ReportState;
};

export async function reportTask(deps: ReportDeps, namespace: string, name: string): Promise<HandlerResult> {
  const ref = { apiVersion: API_VERSION, kind: 'Task', namespace, name };
  const task = await deps.kube.get<TaskObject>(ref);
  const origin = task && readOrigin(task);
  const spawnerName = task?.metadata.labels?.[LABEL_TASKSPAWNER];
  // GitHub already shows it (e.g. the update event of our own condition write): no lease, no GitHub call.
  if (!task || !origin || !spawnerName || alreadyReported(task)) return 'ignored';
  const spawner = await deps.kube.get<TaskSpawnerObject>({
    apiVersion: API_VERSION,
    kind: 'TaskSpawner',
    namespace,
    name: spawnerName,
  });
  const reporting = spawner?.spec.when.githubIssues?.reporting;
  if (!spawner || !reporting?.enabled) return 'ignored';

  let done: Stored<Task> | undefined;
  try {
    done = await withReportLease(deps.kube, task, { holder: deps.state.holder, now: deps.now }, async () => {
      // Re-read inside the lease: what is written is the latest phase, never an older view.
      const fresh = await deps.kube.get<TaskObject>(ref);
      // Deleted, or re-created under the same name (a different Task, reported on its own events).
      if (!fresh || fresh.metadata.uid !== task.metadata.uid) return undefined;
      const credentials = await githubCredentials(deps.kube, spawner, origin, {
        config: deps.config,
        appTokens: deps.state.appTokens,
        now: deps.now(),
      });
      const github = deps.state.github(credentials, { now: deps.now, retryBaseMs: deps.config.retryBaseMs });
      const comment = await reportComment(deps, github, origin, fresh, spawnerName);
      if (reporting.checks && origin.kind === 'pull') {
        await reportCheckRun(github, origin, fresh, checkRunName(spawner));
      }
      deps.log.debug('reported Task', { phase: reportPhase(fresh), commentId: comment.id });
      // A newer comment is posted (this view is older): it is not what GitHub shows, record nothing.
      return comment.shows ? fresh : undefined;
    });
  } catch (err) {
    if (err instanceof RateLimitedError) throw new TransientError(err.message, { cause: err });
    if (!isGitHubAccessError(err)) throw err;
    await recordRefusal(deps, task, origin, err);
    return 'handled';
  }
  if (!done) return 'ignored';
  // Record what GitHub now shows (a write only when that changed), so ticks skip the Task until it moves on.
  const reported = done;
  await updateTaskStatus(deps.kube, done, (t) => statusAfterReport(t, reported, origin, deps.now()));
  return 'handled';
}

async function reportComment(
  deps: ReportDeps,
  github: ReportGitHub,
  origin: GitHubOrigin,
  task: Task,
  spawner: string,
): Promise<{ id: number; shows: boolean }> {
  const body = renderComment(task, spawner);
  const posted = await github.listComments(origin, origin.number);
  const plan = planComment(posted, task.metadata.uid ?? '', { body, rank: phaseRank(reportPhase(task)) });
  if (plan.action === 'create')
    return { id: await github.createComment(origin, origin.number, plan.body), shows: true };
  if (plan.action === 'update') await github.updateComment(origin, plan.id, plan.body);
  for (const id of plan.remove) {
    deps.log.warn('deleting a duplicate status comment', { commentId: id, kept: plan.id });
    await github.deleteComment(origin, id);
  }
  return { id: plan.id, shows: plan.action === 'update' || plan.reason === 'unchanged' };
}

async function reportCheckRun(
  github: ReportGitHub,
  origin: GitHubOrigin,
  task: Task,
  name: string,
): Promise<void> {
  const sha = await github.pullHeadSha(origin, origin.number);
  const plan = planCheckRun(await github.listCheckRuns(origin, sha, name), renderCheckRun(task, name));
  if (plan.action === 'create') await github.createCheckRun(origin, sha, plan.fields);
  if (plan.action === 'update') await github.updateCheckRun(origin, plan.id, plan.fields);
}

async function recordRefusal(
  deps: ReportDeps,
  task: Stored<Task>,
  origin: GitHubOrigin,
  err: GitHubAccessError,
) {
  const where = `${origin.owner}/${origin.repo}#${origin.number}`;
  const message =
    err.status === 401
      ? `GitHub refused the token for ${where} (401): check the Workspace Secret`
      : `the GitHub token cannot report on ${where}: it needs ${err.permission} (${err.message})`;
  const key = `${task.metadata.uid}|${err.permission}|${err.status}`;
  if (!deps.state.logged.has(key)) {
    deps.state.logged.add(key);
    deps.log.warn('GitHub refused a report', {
      permission: err.permission,
      status: err.status,
      where,
      reason: err.message,
    });
  }
  await updateTaskStatus(deps.kube, task, (t) =>
    withReportCondition(
      t,
      {
        type: CONDITION_REPORTED,
        status: 'False',
        reason: err.status === 401 ? 'BadCredentials' : 'MissingPermission',
        message,
      },
      deps.now(),
    ),
  );
}
