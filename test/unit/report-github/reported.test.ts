import { expect } from 'chai';
import type { Condition } from '../../../functions/core/api/kube-types.js';
import type { Task } from '../../../functions/core/api/types.js';
import { readOrigin } from '../../../functions/core/task/github-origin.js';
import {
  alreadyReported,
  finishedReporting,
  shownCondition,
  statusAfterReport,
} from '../../../functions/report-github/reported.js';
import { spawnedTask, SUCCEEDED } from './fixtures.js';

const NOW = new Date('2026-12-04T05:00:00Z');
const ITEM = 'status comment on example-org/example-repo#42';
const origin = readOrigin(spawnedTask())!;

/** `task` with `condition` as its GitHubReported condition. */
const withCondition = (task: Task, condition: Omit<Condition, 'type' | 'lastTransitionTime'>): Task => ({
  ...task,
  status: {
    ...task.status,
    conditions: [{ type: 'GitHubReported', lastTransitionTime: '2026-12-04T04:00:00Z', ...condition }],
  },
});
/** `task` recorded as shown on GitHub in its current state. */
const shown = (task: Task): Task => withCondition(task, shownCondition(task, origin));

describe('report-github: what the GitHubReported condition records and lets skip', () => {
  it('records the phase GitHub shows for every phase; final phases keep their message', () => {
    expect(shownCondition(spawnedTask(), origin)).to.deep.equal({
      type: 'GitHubReported',
      status: 'True',
      reason: 'Queued',
      message: `${ITEM} shows Queued`,
    });
    expect(shownCondition(spawnedTask({ phase: 'Running' }), origin)).to.include({
      reason: 'Running',
      message: `${ITEM} shows Running`,
    });
    expect(
      shownCondition(spawnedTask({ phase: 'Waiting', message: 'waiting for\n  task a' }), origin),
    ).to.include({
      reason: 'Waiting',
      message: `${ITEM} shows Waiting: waiting for task a`,
    });
    expect(shownCondition(spawnedTask(SUCCEEDED), origin)).to.include({ reason: 'Succeeded', message: ITEM });
  });

  it('skips a Task whose current phase GitHub already shows, in every phase', () => {
    for (const status of [
      undefined,
      { phase: 'Pending' as const },
      { phase: 'Running' as const },
      SUCCEEDED,
    ]) {
      expect(alreadyReported(shown(spawnedTask(status))), status?.phase ?? 'Queued').to.equal(true);
    }
  });

  it('reports a Task that moved on since its last report (a lost event), or was never reported', () => {
    const running = shown(spawnedTask({ phase: 'Running' }));
    const moved = { ...running, status: { ...running.status, ...SUCCEEDED } };
    expect(alreadyReported(moved)).to.equal(false);
    expect(finishedReporting(moved)).to.equal(false);
    expect(alreadyReported(spawnedTask({ phase: 'Running' }))).to.equal(false);
  });

  it('reports a Waiting Task whose reason changed (the comment says why it waits)', () => {
    const waiting = shown(spawnedTask({ phase: 'Waiting', message: 'waiting for task a' }));
    expect(alreadyReported(waiting)).to.equal(true);
    expect(
      alreadyReported({ ...waiting, status: { ...waiting.status, message: 'waiting for task b' } }),
    ).to.equal(false);
  });

  it('never skips on a refusal or an unknown record (the handler decides refusals)', () => {
    const running = spawnedTask({ phase: 'Running' });
    expect(
      alreadyReported(withCondition(running, { status: 'False', reason: 'MissingPermission', message: 'm' })),
    ).to.equal(false);
    expect(
      alreadyReported(withCondition(running, { status: 'True', reason: 'Running', message: 'x' })),
    ).to.equal(false);
  });

  it('finishedReporting keeps its meaning: only a final phase recorded as shown', () => {
    expect(finishedReporting(shown(spawnedTask(SUCCEEDED)))).to.equal(true);
    expect(finishedReporting(shown(spawnedTask({ phase: 'Running' })))).to.equal(false);
  });

  it('writes the record only when it changes, and never an older phase over a newer one', () => {
    const running = spawnedTask({ phase: 'Running' });
    const written = statusAfterReport(running, running, origin, NOW);
    expect(written?.conditions).to.deep.equal([
      { ...shownCondition(running, origin), lastTransitionTime: NOW.toISOString() },
    ]);
    expect(statusAfterReport(shown(running), running, origin, NOW), 'already recorded').to.equal(undefined);
    // Another replica recorded Succeeded meanwhile: our Running report leaves it.
    const done = shown(spawnedTask(SUCCEEDED));
    expect(statusAfterReport(done, running, origin, NOW)).to.equal(undefined);
    // The Task moved on after we reported Running: record Running (what GitHub shows), so a tick reports the rest.
    const later = statusAfterReport(spawnedTask(SUCCEEDED), running, origin, NOW);
    expect(later?.conditions?.[0]).to.include({ reason: 'Running' });
    expect(later?.phase, 'the status as read is kept').to.equal('Succeeded');
    // A refusal is replaced once a report succeeds (the token was fixed).
    const refused = withCondition(running, { status: 'False', reason: 'BadCredentials', message: 'no' });
    expect(statusAfterReport(refused, running, origin, NOW)?.conditions?.[0]).to.include({
      status: 'True',
      reason: 'Running',
    });
  });
});
