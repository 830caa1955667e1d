import { expect } from 'chai';
import type { FunctionServer } from '../../support/functions.js';
import type { TestCloudEvent } from '../../support/cloudevents.js';
import { cronTickId } from '../../../functions/spawn/sources/cron-ticks.js';
import {
  finishTask,
  getSpawner,
  postToAll,
  setSuspend,
  setUpWorld,
  spawner,
  spawnerEvent,
  taskEvent,
  tasksOf,
  tick,
  untilCached,
  type SpawnWorld,
} from './harness.js';

const MIN = 60_000;

describe('spawn: cron spawners driven by resync ticks', function () {
  this.timeout(60_000);
  let world: SpawnWorld;
  let replicas: FunctionServer[];
  const toAll = (event: () => TestCloudEvent) => postToAll(replicas, event);

  before(async function () {
    this.timeout(180_000);
    world = await setUpWorld('spawn-cron');
    replicas = [await world.startSpawn(), await world.startSpawn()];
  });
  after(async () => world?.close());

  it('one Task per tick, named <spawner>-<YYYYMMDD-HHMM>, default prompt "Issue #0: <time>"', async () => {
    const s = await world.kube.create(
      spawner(world.ns, 'every', { when: { cron: { schedule: '* * * * *' } } }),
    );
    const base = Math.floor(Date.parse(s.metadata.creationTimestamp ?? '') / MIN) * MIN;
    await untilCached(world, s);
    await toAll(() => tick(new Date(base + 2 * MIN + 5000).toISOString()));
    await toAll(() => tick(new Date(base + 2 * MIN + 6000).toISOString()));
    const tasks = await tasksOf(world, 'every');
    const ids = [base + MIN, base + 2 * MIN].map((t) => `every-${cronTickId(new Date(t))}`);
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal(ids);
    expect(tasks[0]?.spec.prompt).to.equal(
      `Issue #0: ${new Date(base + MIN).toISOString().replace('.000Z', 'Z')}\n\n`,
    );
    expect(tasks[0]?.spec.workspaceRef).to.equal(undefined);
    const st = (await getSpawner(world, 'every')).status;
    expect(st).to.deep.include({ phase: 'Running', totalTasksCreated: 2 });
  });

  it('suspended over three ticks: on resume the missed ticks are created, each once', async () => {
    const s = await world.kube.create(
      spawner(world.ns, 'nightly', { when: { cron: { schedule: '* * * * *' } } }),
    );
    const base = Math.floor(Date.parse(s.metadata.creationTimestamp ?? '') / MIN) * MIN;
    await untilCached(world, s);
    await toAll(() => tick(new Date(base + MIN + 5000).toISOString()));
    expect(await tasksOf(world, 'nightly')).to.have.length(1);
    const suspended = await setSuspend(world, 'nightly', true);
    await untilCached(world, suspended);
    await toAll(() => spawnerEvent(suspended, 'update'));
    for (const m of [2, 3, 4]) await toAll(() => tick(new Date(base + m * MIN + 5000).toISOString()));
    expect(await tasksOf(world, 'nightly')).to.have.length(1);
    expect((await getSpawner(world, 'nightly')).status?.phase).to.equal('Suspended');
    const resumed = await setSuspend(world, 'nightly', false);
    await untilCached(world, resumed);
    await toAll(() => spawnerEvent(resumed, 'update'));
    await toAll(() => tick(new Date(base + 4 * MIN + 10_000).toISOString()));
    await toAll(() => tick(new Date(base + 4 * MIN + 20_000).toISOString()));
    const names = (await tasksOf(world, 'nightly')).map((t) => t.metadata.name);
    expect(names).to.deep.equal([1, 2, 3, 4].map((m) => `nightly-${cronTickId(new Date(base + m * MIN))}`));
    const st = (await getSpawner(world, 'nightly')).status;
    expect(st).to.deep.include({ phase: 'Running', totalTasksCreated: 4 });
  });

  it('ticks refused at maxConcurrency are created later, oldest first, instead of lost', async () => {
    const s = await world.kube.create(
      spawner(world.ns, 'limited', { when: { cron: { schedule: '* * * * *' } }, maxConcurrency: 1 }),
    );
    const base = Math.floor(Date.parse(s.metadata.creationTimestamp ?? '') / MIN) * MIN;
    await untilCached(world, s);
    const at = new Date(base + 3 * MIN + 5000).toISOString();
    await toAll(() => tick(at));
    let tasks = await tasksOf(world, 'limited');
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal([`limited-${cronTickId(new Date(base + MIN))}`]);
    for (const m of [2, 3]) {
      await finishTask(world, tasks[tasks.length - 1]!);
      await toAll(() => taskEvent(tasks[tasks.length - 1]!));
      await toAll(() => tick(at));
      tasks = await tasksOf(world, 'limited');
      expect(tasks.map((t) => t.metadata.name)).to.include(`limited-${cronTickId(new Date(base + m * MIN))}`);
      expect(tasks).to.have.length(m);
    }
  });
});
