import { expect } from 'chai';
import type { Task, TaskSpawner } from '../../../functions/core/api/types.js';
import {
  activeCount,
  confirm,
  limitReached,
  newItems,
  release,
  reserve,
} from '../../../functions/spawn/decide/admission.js';
import { buildTask } from '../../../functions/spawn/decide/build-task.js';
import {
  pruneLedger,
  readLedger,
  LEDGER_ANNOTATION,
  RESERVATION_TTL_MS,
} from '../../../functions/spawn/decide/ledger.js';
import {
  runningStatus,
  suspendedStatus,
  sameStatus,
} from '../../../functions/spawn/decide/spawner-status.js';
import { parsePollInterval } from '../../../functions/spawn/decide/poll-interval.js';
import { advanceCronCursor, discoveryDue } from '../../../functions/spawn/decide/schedule.js';
import { cronTicks } from '../../../functions/spawn/sources/cron-ticks.js';
import type { WorkItem } from '../../../functions/spawn/decide/work-item.js';

const NOW = new Date('2026-02-07T10:00:00Z');
const spawner = (over: Partial<TaskSpawner['spec']> = {}, status?: TaskSpawner['status']): TaskSpawner => ({
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'TaskSpawner',
  metadata: { name: 'sp', namespace: 'ns', generation: 3, creationTimestamp: '2026-02-07T08:00:00Z' },
  spec: {
    when: { githubIssues: {} },
    taskTemplate: {
      type: 'claude-code',
      credentials: { type: 'oauth', secretRef: { name: 'creds' } },
      workspaceRef: { name: 'ws' },
    },
    ...over,
  },
  ...(status ? { status } : {}),
});
const task = (name: string, phase?: string): Task => ({
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'Task',
  metadata: { name },
  spec: { type: 'claude-code', prompt: 'p', credentials: { type: 'oauth', secretRef: { name: 'c' } } },
  ...(phase ? { status: { phase: phase as 'Running' } } : {}),
});
const item = (id: string): WorkItem => ({
  id,
  number: Number(id),
  title: 't',
  body: '',
  url: '',
  labels: [],
  comments: '',
  kind: 'Issue',
});
const empty = { total: 0, active: {} };

describe('spawner limits and status (KELOS-BEHAVIOUR §8.8 runCycle cases)', () => {
  const at = NOW.toISOString();
  it('activeTasks: every ledger entry, plus unfinished labelled Tasks the ledger does not know', () => {
    const tasks = [
      task('a'),
      task('b', 'Pending'),
      task('c', 'Waiting'),
      task('d', 'Running'),
      task('e', 'Succeeded'),
      task('f', 'Failed'),
    ];
    expect(activeCount(tasks, empty)).to.equal(4);
    expect(activeCount(tasks, { total: 2, active: { a: { at }, z: { at } } })).to.equal(5);
  });
  const limitCases: [string, Partial<TaskSpawner['spec']>, number, number, string | undefined][] = [
    ['NoMaxConcurrency', {}, 100, 100, undefined],
    ['MaxConcurrencyZeroMeansNoLimit', { maxConcurrency: 0 }, 100, 0, undefined],
    ['MaxConcurrencyAlreadyAtLimit', { maxConcurrency: 2 }, 2, 0, 'maxConcurrency'],
    ['below maxConcurrency', { maxConcurrency: 3 }, 2, 0, undefined],
    ['BudgetAlreadyExhausted', { maxTotalTasks: 3 }, 0, 3, 'maxTotalTasks'],
    ['MaxTotalTasksZeroMeansNoLimit', { maxTotalTasks: 0 }, 0, 50, undefined],
    ['combined: stricter wins', { maxConcurrency: 5, maxTotalTasks: 2 }, 1, 2, 'maxTotalTasks'],
  ];
  for (const [name, spec, active, total, want] of limitCases) {
    it(`limits: ${name}`, () => expect(limitReached(spawner(spec).spec, active, total)).to.equal(want));
  }
  it('new items: dedup by Task name against existing and reserved names', () => {
    const got = newItems('sp', [item('1'), item('2'), item('3'), item('2')], [task('sp-1')], {
      total: 1,
      active: { 'sp-3': { at } },
    });
    expect(got.map((i) => i.id)).to.deep.equal(['2']);
  });
  it('ledger: reserve counts, release gives back only unfulfilled reservations, confirm records the uid', () => {
    const r = reserve(empty, 'sp-1', NOW);
    expect(r).to.deep.equal({ total: 1, active: { 'sp-1': { at } } });
    expect(release(r, 'sp-1')).to.deep.equal({ total: 0, active: {} });
    expect(release(r, 'sp-9')).to.equal(r);
    const c = confirm(r, [{ name: 'sp-1', uid: 'u1' }]);
    expect(c).to.deep.equal({ total: 1, active: { 'sp-1': { at, uid: 'u1' } } });
    expect(release(c, 'sp-1')).to.equal(c);
  });
  const withUid = (name: string, uid: string, phase?: string): Task => {
    const t = task(name, phase);
    t.metadata.uid = uid;
    return t;
  };
  it('ledger prune: an entry leaves only when its own Task (same uid) is seen finished', () => {
    const l = {
      total: 3,
      active: { 'sp-1': { at, uid: 'u1' }, 'sp-2': { at, uid: 'u2' }, 'sp-3': { at, uid: 'u3' } },
    };
    const listed = [
      withUid('sp-1', 'u1', 'Succeeded'),
      withUid('sp-2', 'other', 'Failed'),
      withUid('sp-3', 'u3', 'Running'),
    ];
    expect(pruneLedger(l, { listed }, NOW)).to.deep.equal({
      total: 3,
      active: { 'sp-2': { at, uid: 'u2' }, 'sp-3': { at, uid: 'u3' } },
    });
  });
  it('ledger prune: a Task missing from a cached list stays counted; a consistent 404 or the TTL releases it', () => {
    const old = new Date(NOW.getTime() - RESERVATION_TTL_MS - 1).toISOString();
    const l = {
      total: 5,
      active: {
        a: { at, uid: 'ua' },
        b: { at, uid: 'ub' },
        c: { at },
        d: { at: old },
        e: { at: old, uid: 'ue' },
      },
    };
    const got = pruneLedger(
      l,
      {
        listed: [],
        observed: new Map([
          ['b', null],
          ['c', null],
        ]),
      },
      NOW,
    );
    // a: kept (maybe just not in the cache yet); b: read as gone; c: reserved, not created yet (kept);
    // d: never created → count given back; e: created, long gone → dropped, still counted.
    expect(got).to.deep.equal({ total: 4, active: { a: { at, uid: 'ua' }, c: { at } } });
  });
  it('ledger prune: a shorter configured lifetime gives an unfulfilled reservation back sooner', () => {
    const twentySecondsAgo = new Date(NOW.getTime() - 20_000).toISOString();
    const l = { total: 1, active: { a: { at: twentySecondsAgo } } };
    expect(pruneLedger(l, { listed: [] }, NOW)).to.deep.equal(l);
    expect(pruneLedger(l, { listed: [] }, NOW, 15_000)).to.deep.equal({ total: 0, active: {} });
  });
  it('ledger prune: an old unconfirmed reservation whose Task exists adopts its uid', () => {
    const old = new Date(NOW.getTime() - RESERVATION_TTL_MS - 1).toISOString();
    const got = pruneLedger(
      { total: 1, active: { a: { at: old } } },
      { listed: [withUid('a', 'ua', 'Running')] },
      NOW,
    );
    expect(got).to.deep.equal({ total: 1, active: { a: { at: old, uid: 'ua' } } });
  });
  it('ledger: read from the annotation, or from status.totalTasksCreated when absent', () => {
    expect(readLedger(spawner({}, { totalTasksCreated: 4 }))).to.deep.equal({ total: 4, active: {} });
    const s = spawner();
    s.metadata.annotations = {
      [LEDGER_ANNOTATION]: JSON.stringify({
        total: 2,
        active: { a: { at: 'b', uid: 'u' } },
        cronCursor: 'c',
      }),
    };
    expect(readLedger(s)).to.deep.equal({ total: 2, active: { a: { at: 'b', uid: 'u' } }, cronCursor: 'c' });
  });
  it('status: Running, message, Suspended=False/Running, budget available, observedGeneration', () => {
    const st = runningStatus(spawner({ maxTotalTasks: 10 }), {
      now: NOW,
      discovered: 4,
      totalCreated: 2,
      active: 1,
    });
    expect(st).to.deep.include({
      phase: 'Running',
      totalDiscovered: 4,
      totalTasksCreated: 2,
      activeTasks: 1,
      lastDiscoveryTime: '2026-02-07T10:00:00Z',
      observedGeneration: 3,
    });
    expect(st.message).to.equal('Discovered 4 items, created 2 tasks total');
    expect(
      st.conditions?.map((c) => [c.type, c.status, c.reason, c.message, c.observedGeneration]),
    ).to.deep.equal([
      ['Suspended', 'False', 'Running', 'TaskSpawner is running', 3],
      ['TaskBudgetExhausted', 'False', 'BudgetAvailable', 'Task budget has not been exhausted', 3],
    ]);
  });
  it('status: TaskBudgetExhausted=True/BudgetReached with the exact message', () => {
    const st = runningStatus(spawner({ maxTotalTasks: 2 }), {
      now: NOW,
      discovered: 3,
      totalCreated: 2,
      active: 2,
    });
    const c = st.conditions?.find((x) => x.type === 'TaskBudgetExhausted');
    expect([c?.status, c?.reason, c?.message]).to.deep.equal([
      'True',
      'BudgetReached',
      'Total tasks created (2) has reached maxTotalTasks (2)',
    ]);
  });
  it('status: a partial pass keeps lastDiscoveryTime and totalDiscovered', () => {
    const st = runningStatus(spawner({}, { totalDiscovered: 7, lastDiscoveryTime: '2026-01-01T00:00:00Z' }), {
      now: NOW,
      totalCreated: 1,
      active: 1,
    });
    expect(st).to.deep.include({
      totalDiscovered: 7,
      lastDiscoveryTime: '2026-01-01T00:00:00Z',
      message: 'Discovered 7 items, created 1 tasks total',
    });
  });
  it('status: Suspended with UserSuspended condition; idempotent', () => {
    const st = suspendedStatus(spawner({ suspend: true }), NOW);
    expect(st.phase).to.equal('Suspended');
    expect(st.message).to.equal('Suspended by user');
    const c = st.conditions?.[0];
    expect([c?.type, c?.status, c?.reason, c?.message]).to.deep.equal([
      'Suspended',
      'True',
      'UserSuspended',
      'TaskSpawner is suspended by user',
    ]);
    const again = suspendedStatus(spawner({ suspend: true }, st), new Date(NOW.getTime() + 60_000));
    expect(sameStatus(st, again)).to.equal(true);
  });
  it('buildTask: name, label, copied fields (AgentConfigRef, PodOverrides), branch, dependsOn only if non-empty', () => {
    const s = spawner({});
    s.spec.taskTemplate = {
      ...s.spec.taskTemplate,
      model: 'opus',
      image: 'img',
      agentConfigRef: { name: 'ac' },
      podOverrides: { activeDeadlineSeconds: 60 },
      ttlSecondsAfterFinished: 30,
      dependsOn: [],
    };
    const t = buildTask({ spawner: s, item: item('42'), prompt: 'P', branch: 'kelos-task-42' });
    expect(t.metadata).to.deep.equal({
      name: 'sp-42',
      namespace: 'ns',
      labels: { 'kelos.dev/taskspawner': 'sp' },
    });
    expect(t.spec).to.deep.equal({
      type: 'claude-code',
      prompt: 'P',
      credentials: { type: 'oauth', secretRef: { name: 'creds' } },
      model: 'opus',
      image: 'img',
      ttlSecondsAfterFinished: 30,
      podOverrides: { activeDeadlineSeconds: 60 },
      workspaceRef: { name: 'ws' },
      agentConfigRef: { name: 'ac' },
      branch: 'kelos-task-42',
    });
    expect(t.metadata.ownerReferences).to.equal(undefined);
  });
  const intervals: [string | undefined, number][] = [
    [undefined, 300_000],
    ['', 300_000],
    ['30s', 30_000],
    ['1m', 60_000],
    ['1h30m', 5_400_000],
    ['45', 45_000],
    ['bogus', 300_000],
    ['1.5h', 5_400_000],
  ];
  for (const [text, ms] of intervals)
    it(`pollInterval ${JSON.stringify(text)} → ${ms} ms`, () => expect(parsePollInterval(text)).to.equal(ms));
  it('discovery is due when never run, spec changed, not Running, or pollInterval elapsed', () => {
    const ran = {
      phase: 'Running' as const,
      lastDiscoveryTime: '2026-02-07T09:58:00Z',
      observedGeneration: 3,
    };
    expect(discoveryDue(spawner(), NOW)).to.equal(true);
    expect(discoveryDue(spawner({}, ran), NOW)).to.equal(false);
    expect(discoveryDue(spawner({ pollInterval: '1m' }, ran), NOW)).to.equal(true);
    expect(discoveryDue(spawner({}, { ...ran, observedGeneration: 2 }), NOW)).to.equal(true);
    expect(discoveryDue(spawner({}, { ...ran, phase: 'Suspended' }), NOW)).to.equal(true);
  });
  it('cron cursor stops before the first tick without a Task and never moves back', () => {
    const ticks = cronTicks('0 * * * *', new Date('2026-02-07T06:30:00Z'), NOW);
    const done = new Set(['20260207-0700', '20260207-0800']);
    expect(advanceCronCursor(undefined, ticks, (t) => done.has(t.id), NOW)).to.equal('2026-02-07T08:00:00Z');
    expect(advanceCronCursor(undefined, ticks, () => true, NOW)).to.equal('2026-02-07T10:00:00Z');
    expect(advanceCronCursor('2026-02-07T09:30:00Z', ticks, (t) => done.has(t.id), NOW)).to.equal(
      '2026-02-07T09:30:00Z',
    );
    expect(advanceCronCursor(undefined, ticks, () => false, NOW)).to.equal(undefined);
  });
});
