import { expect } from 'chai';
import { planCheckRun, planComment } from '../../../functions/report-github/decide.js';
import { formatMarker } from '../../../functions/report-github/marker.js';
import { renderCheckRun } from '../../../functions/report-github/render-check-run.js';
import { spawnedTask, SUCCEEDED, UID } from './fixtures.js';

const body = (rank: number, text = `rank ${rank}`, uid = UID) =>
  `${formatMarker({ uid, rank, task: 'a/b', phase: 'x' })}\n${text}`;
const human = { id: 1, body: 'LGTM, please fix' };

describe('report-github: deciding what to change on GitHub', () => {
  it('creates the comment when the Task has none (human comments and other Tasks ignored)', () => {
    expect(
      planComment([human, { id: 2, body: body(4, 'x', 'other-uid') }], UID, { body: body(1), rank: 1 }),
    ).to.deep.equal({ action: 'create', body: body(1) });
  });
  it('edits it in place on a phase change', () => {
    expect(planComment([human, { id: 5, body: body(3) }], UID, { body: body(4), rank: 4 })).to.deep.equal({
      action: 'update',
      id: 5,
      body: body(4),
      remove: [],
    });
  });
  it('edits it when the same phase says something new (another Waiting reason)', () => {
    expect(
      planComment([{ id: 5, body: body(2, 'dep a') }], UID, { body: body(2, 'lock'), rank: 2 }),
    ).to.deep.include({ action: 'update', id: 5 });
  });
  it('does nothing for a duplicate event (same text)', () => {
    expect(planComment([{ id: 5, body: body(4) }], UID, { body: body(4), rank: 4 })).to.deep.equal({
      action: 'none',
      id: 5,
      remove: [],
      reason: 'unchanged',
    });
  });
  it('never goes backwards: an older view changes nothing', () => {
    expect(planComment([{ id: 5, body: body(5) }], UID, { body: body(4), rank: 4 })).to.deep.equal({
      action: 'none',
      id: 5,
      remove: [],
      reason: 'newer-posted',
    });
  });
  it('keeps the oldest of two comments of the same Task and deletes the other', () => {
    expect(
      planComment(
        [
          { id: 9, body: body(3) },
          { id: 5, body: body(3) },
        ],
        UID,
        { body: body(4), rank: 4 },
      ),
    ).to.deep.equal({ action: 'update', id: 5, body: body(4), remove: [9] });
    expect(
      planComment(
        [
          { id: 9, body: body(4) },
          { id: 5, body: body(4) },
        ],
        UID,
        { body: body(4), rank: 4 },
      ),
    ).to.deep.equal({ action: 'none', id: 5, remove: [9], reason: 'unchanged' });
  });

  const running = renderCheckRun(spawnedTask({ phase: 'Running' }), 'K');
  const done = renderCheckRun(spawnedTask(SUCCEEDED), 'K');
  const posted = (f: typeof running, id = 7) => ({
    id,
    external_id: f.external_id,
    status: f.status,
    conclusion: f.conclusion ?? null,
    output: f.output,
  });
  it('creates the Check Run, updates it on a change, leaves it when unchanged', () => {
    expect(planCheckRun([{ ...posted(done), external_id: 'someone-else' }], running)).to.deep.equal({
      action: 'create',
      fields: running,
    });
    expect(planCheckRun([posted(running)], done)).to.deep.equal({ action: 'update', id: 7, fields: done });
    expect(planCheckRun([posted(done)], done)).to.deep.equal({ action: 'none' });
  });
  it('never reopens a completed Check Run', () => {
    expect(planCheckRun([posted(done)], running)).to.deep.equal({ action: 'none' });
  });
});
