/**
 * The Source port: a source written in this file alone, put in front of the
 * registry's list, drives a real discovery pass — Tasks are created from its
 * items and the spawner's status counts them; nothing else in spawn changes.
 */
import { expect } from 'chai';
import type { WorkItem } from '../../../functions/spawn/decide/work-item.js';
import { defaultSources } from '../../../functions/spawn/sources/registry.js';
import type { Source } from '../../../functions/spawn/sources/source.js';
import type { FunctionServer } from '../../support/functions.js';
import { getSpawner, post, setUpWorld, spawner, spawnerEvent, tasksOf, type SpawnWorld } from './harness.js';

const ITEMS = 'toy.kelos.dev/items';

/** Items named in an annotation, comma-separated: `a,b` → items `a` and `b`. */
const toySource: Source = {
  name: 'toy',
  handles: (s) => s.metadata.annotations?.[ITEMS] !== undefined,
  discover(s) {
    const names = (s.metadata.annotations?.[ITEMS] ?? '').split(',').filter(Boolean);
    const items: WorkItem[] = names.map((name, i) => ({
      id: name,
      number: i + 1,
      title: `toy ${name}`,
      body: `body of ${name}`,
      url: `https://toy.example/${name}`,
      labels: [],
      comments: '',
      kind: 'Issue',
    }));
    return Promise.resolve({ items });
  },
};

describe('spawn: a source added through the registry', function () {
  this.timeout(60_000);
  let world: SpawnWorld;
  let server: FunctionServer;

  before(async function () {
    this.timeout(180_000);
    world = await setUpWorld('spawn-toy');
    server = await world.startSpawn({}, undefined, [toySource, ...defaultSources]);
  });
  after(async () => world?.close());

  it('creates one Task per toy item, rendered from the item, and counts them', async () => {
    const obj = spawner(
      world.ns,
      'toy',
      // The CRD wants exactly one built-in source; the toy source takes precedence over it.
      { when: { cron: { schedule: '0 0 1 1 *' } } },
      { promptTemplate: '{{.Title}}: {{.Body}}' },
    );
    obj.metadata.annotations = { [ITEMS]: 'alpha,beta' };
    const created = await world.kube.create(obj);
    expect(await post(server, spawnerEvent(created))).to.equal(202);
    const tasks = await tasksOf(world, 'toy');
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal(['toy-alpha', 'toy-beta']);
    expect(tasks[0]?.spec.prompt).to.equal('toy alpha: body of alpha');
    const status = (await getSpawner(world, 'toy')).status;
    expect(status).to.deep.include({ phase: 'Running', totalTasksCreated: 2, totalDiscovered: 2 });
  });

  it('without the toy source in the list, the same spawner is served by its cron source', async () => {
    const plain = await world.startSpawn();
    const obj = spawner(world.ns, 'plain', { when: { cron: { schedule: '0 0 1 1 *' } } });
    obj.metadata.annotations = { [ITEMS]: 'gamma' };
    const created = await world.kube.create(obj);
    await post(plain, spawnerEvent(created));
    expect(await tasksOf(world, 'plain')).to.deep.equal([]);
  });
});
