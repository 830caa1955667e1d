/**
 * What a resync tick costs report-github on GitHub (real API server, fake
 * GitHub, its own namespace so no other test's Tasks are swept): active Tasks
 * whose phase GitHub already shows are skipped from the listed copy (zero
 * GitHub requests, tick after tick); a Task whose phase moved on without its
 * event is reported by the next tick with one comment edit.
 */
import { expect } from 'chai';
import type { TaskStatus } from '../../../functions/core/api/types.js';
import { parseMarker } from '../../../functions/report-github/marker.js';
import { apiServerRefEvent, pingEvent } from '../../support/cloudevents.js';
import { REPO, setUpReportWorld, type ReportWorld, type TaskObj } from './harness.js';

describe('report-github resync tick cost (real API server, fake GitHub)', function () {
  this.timeout(60_000);
  let world: ReportWorld;
  before(async function () {
    this.timeout(180_000);
    world = await setUpReportWorld('report-tick', 1);
  });
  after(async () => {
    await world?.close();
  });

  const like = (t: TaskObj) => ({
    apiVersion: t.apiVersion,
    kind: t.kind,
    metadata: { name: t.metadata.name, namespace: t.metadata.namespace },
  });
  const statusComment = (n: number) => {
    const list = world.gh.comments(REPO, n).filter((c) => parseMarker(c.body));
    expect(list, `status comments on #${n}`).to.have.length(1);
    return list[0]!;
  };
  const reported = (t: TaskObj) => t.status?.conditions?.find((c) => c.type === 'GitHubReported');

  it('two ticks over active, already-reported Tasks make no GitHub request; a Task that moved on without its event is reported by the next tick', async () => {
    const spawner = await world.spawner('tick', { reporting: { enabled: true } });
    // One active Task in each non-final phase (Queued has no phase yet), plus more Running ones.
    const phases: (TaskStatus | undefined)[] = [
      undefined,
      { phase: 'Waiting', message: 'Branch kelos-202 is locked by Task other' },
      { phase: 'Pending' },
      { phase: 'Running' },
      { phase: 'Running' },
      { phase: 'Running' },
    ];
    const tasks: TaskObj[] = [];
    for (const [i, status] of phases.entries()) {
      const t = await world.spawnTask(spawner, 201 + i);
      tasks.push(status ? await world.setStatus(t.metadata.name, status) : t);
    }
    // Each reported once on its event; the condition records what GitHub shows.
    for (const t of tasks) expect(await world.deliver(apiServerRefEvent('update', like(t)))).to.equal(202);
    for (const [i, t] of tasks.entries()) {
      const now = await world.getTask(t.metadata.name);
      expect(reported(now), now.metadata.name).to.include({
        status: 'True',
        reason: phases[i]?.phase ?? 'Queued',
      });
      expect(statusComment(201 + i).body).to.include(`phase="${phases[i]?.phase ?? 'Queued'}"`);
    }

    const before = world.gh.requests.length;
    expect(await world.deliver(pingEvent())).to.equal(202);
    expect(await world.deliver(pingEvent())).to.equal(202);
    expect(world.gh.requests.slice(before), 'GitHub requests of two ticks').to.deep.equal([]);
    // The update event of the condition write itself (or any duplicate) costs no GitHub call either.
    expect(await world.deliver(apiServerRefEvent('update', like(tasks[3]!)))).to.equal(204);
    expect(world.gh.requests.length).to.equal(before);

    // A Running Task finishes and its event is lost: the next tick edits its comment, once.
    const running = tasks[3]!;
    await world.setStatus(running.metadata.name, {
      phase: 'Succeeded',
      startTime: '2026-12-01T10:00:00Z',
      completionTime: '2026-12-01T10:02:00Z',
    });
    const id = statusComment(204).id;
    expect(await world.deliver(pingEvent())).to.equal(202);
    const calls = world.gh.requests.slice(before);
    expect(calls.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      `PATCH /repos/${REPO}/issues/comments/${id}`,
    ]);
    expect(statusComment(204).body).to.include('**Succeeded** after 2m.');
    expect(reported(await world.getTask(running.metadata.name))).to.include({
      status: 'True',
      reason: 'Succeeded',
    });
    // And the tick after that is free again.
    const after = world.gh.requests.length;
    expect(await world.deliver(pingEvent())).to.equal(202);
    expect(world.gh.requests.length).to.equal(after);
  });
});
