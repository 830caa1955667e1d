import { expect } from 'chai';
import type { FunctionServer } from '../../support/functions.js';
import { githubEvent, type TestCloudEvent } from '../../support/cloudevents.js';
import { sortByLabelPriority } from '../../../functions/spawn/decide/priority.js';
import { isFinished } from '../../../functions/core/task/is-finished.js';
import {
  REPO,
  finishTask,
  getSpawner,
  postToAll,
  setUpWorld,
  spawner,
  spawnerEvent,
  taskEvent,
  tasksOf,
  tick,
  workspace,
  type SpawnWorld,
  type TaskObj,
} from './harness.js';
import { watchTasks } from './watch-tasks.js';
import { eventually } from '../../support/eventually.js';
import { issuesPayload } from '../github-source/payloads.js';

const PRIORITY = ['priority/critical', 'priority/high', 'priority/low'];
const isActive = (t: TaskObj) => !isFinished(t);

describe('spawn: exact limits with 4 concurrent replicas', function () {
  this.timeout(120_000);
  let world: SpawnWorld;
  let replicas: FunctionServer[];
  const toAll = (event: () => TestCloudEvent) => postToAll(replicas, event);

  before(async function () {
    this.timeout(180_000);
    world = await setUpWorld('spawn-conc');
    replicas = [];
    for (let i = 0; i < 4; i++) replicas.push(await world.startSpawn());
    await world.kube.create(workspace(world.ns));
  });
  after(async () => world?.close());

  it('20 matching issues, maxConcurrency 3: never more than 3 active; finishing admits the rest in priority order', async () => {
    const issues = [];
    for (let n = 1; n <= 20; n++) {
      const prio = [PRIORITY[0], PRIORITY[1], PRIORITY[2], undefined][n % 4];
      issues.push(
        world.gh.setIssue(REPO, {
          number: n,
          title: `Issue ${n}`,
          labels: ['kelos', ...(prio ? [prio] : [])],
        }),
      );
    }
    await world.kube.create(
      spawner(world.ns, 'conc', {
        when: { githubIssues: { labels: ['kelos'], priorityLabels: PRIORITY } },
        maxConcurrency: 3,
        pollInterval: '1h',
      }),
    );
    const phases = new Map<string, string>();
    const createdOrder: string[] = [];
    let maxActive = 0;
    const observations: number[] = [];
    const watch = watchTasks(world.cluster, world.ns, (type, t) => {
      const name = t.metadata.name ?? '';
      if (type === 'DELETED') phases.delete(name);
      else {
        if (!phases.has(name) && type === 'ADDED') createdOrder.push(name);
        phases.set(name, t.status?.phase ?? '');
      }
      const active = [...phases.values()].filter((p) => p !== 'Succeeded' && p !== 'Failed').length;
      observations.push(active);
      maxActive = Math.max(maxActive, active);
    });
    await watch.ready;
    try {
      // Every delivery reaches every replica at once (duplicates, as a broker may redeliver).
      await Promise.all(
        issues.map((issue) => toAll(() => githubEvent('issues', issuesPayload('labeled', issue, 'kelos')))),
      );
      let tasks = await tasksOf(world, 'conc');
      expect(tasks.filter(isActive)).to.have.length(3);
      expect(tasks).to.have.length(3);
      const firstThree = new Set(tasks.map((t) => t.metadata.name));

      for (let round = 0; round < 40; round++) {
        tasks = await tasksOf(world, 'conc');
        const active = tasks.filter(isActive);
        expect(active.length).to.be.at.most(3);
        if (active.length === 0) break;
        const done = await finishTask(world, active[0]!);
        await toAll(() => taskEvent(done));
        const after = await tasksOf(world, 'conc');
        expect(after.filter(isActive)).to.have.length(
          Math.min(3, 20 - after.filter((t) => !isActive(t)).length),
        );
      }
      tasks = await tasksOf(world, 'conc');
      expect(tasks).to.have.length(20);
      expect(tasks.every((t) => t.status?.phase === 'Succeeded')).to.equal(true);
      // The watch stream lags the writes: wait until it has seen every Task finish.
      await eventually(
        'the watch to see all 20 Tasks Succeeded',
        async () => phases.size === 20 && [...phases.values()].every((p) => p === 'Succeeded'),
      );
      expect(maxActive, `watch problems: ${watch.problems.join('; ')}`).to.be.at.most(3);
      expect(observations.length).to.be.at.least(40);

      const rest = issues
        .map((i) => ({ id: String(i.number), number: i.number, labels: i.labels.map((l) => l.name) }))
        .filter((i) => !firstThree.has(`conc-${i.id}`));
      const expected = sortByLabelPriority(
        rest.sort((a, b) => a.number - b.number),
        PRIORITY,
      ).map((i) => `conc-${i.id}`);
      expect(createdOrder.filter((n) => !firstThree.has(n))).to.deep.equal(expected);
      const st = (await getSpawner(world, 'conc')).status;
      expect(st).to.deep.include({ totalTasksCreated: 20, activeTasks: 0 });
    } finally {
      watch.stop();
    }
  });

  it('maxTotalTasks stops creation exactly at its value under concurrent passes', async () => {
    for (let n = 100; n < 112; n++) world.gh.setIssue(REPO, { number: n, labels: ['budget'] });
    const s = await world.kube.create(
      spawner(world.ns, 'budget', { when: { githubIssues: { labels: ['budget'] } }, maxTotalTasks: 5 }),
    );
    const at = new Date(Date.now() + 3600_000).toISOString();
    await Promise.all([toAll(() => spawnerEvent(s)), toAll(() => tick(at)), toAll(() => spawnerEvent(s))]);
    const tasks = await tasksOf(world, 'budget');
    expect(tasks).to.have.length(5);
    for (const t of tasks) await finishTask(world, t);
    await Promise.all(tasks.map((t) => toAll(() => taskEvent(t))));
    expect(await tasksOf(world, 'budget')).to.have.length(5);
    const st = (await getSpawner(world, 'budget')).status;
    expect(st?.totalTasksCreated).to.equal(5);
    expect(st?.conditions?.find((c) => c.type === 'TaskBudgetExhausted')?.status).to.equal('True');
  });
});
