/**
 * Regression (found by the storm, seed 1 at 700 events: a cron spawner made 4
 * Tasks with maxTotalTasks 3): a Task create whose answer is lost (the
 * connection reset after the API server took it) must stay counted. spawn
 * used to give the reservation back on any failed create, so the next pass
 * could create one Task more than maxTotalTasks.
 */
import { expect } from 'chai';
import { KubeError } from '../../../functions/core/k8s/errors.js';
import type { KubePort } from '../../../functions/core/k8s/port.js';
import { readConfig, type SpawnConfig } from '../../../functions/spawn/config.js';
import { createSpawnHandler } from '../../../functions/spawn/handler.js';
import { createSpawnState } from '../../../functions/spawn/spawn-state.js';
import { githubEvent, postEvent } from '../../support/cloudevents.js';
import { startHandlerServer, type FunctionServer } from '../../support/functions.js';
import { issuesPayload } from '../github-source/payloads.js';
import { REPO, getSpawner, setUpWorld, spawner, tasksOf, workspace, type SpawnWorld } from './harness.js';

describe('spawn: a Task create whose answer was lost still counts against maxTotalTasks', function () {
  this.timeout(120_000);
  let world: SpawnWorld;
  let server: FunctionServer;
  let loseNext = 0;

  before(async function () {
    this.timeout(180_000);
    world = await setUpWorld('spawn-lost');
    // The real client, except that the next `loseNext` Task creates happen and then report a reset.
    const kube: KubePort = new Proxy(world.kube, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== 'create' || typeof value !== 'function') return value;
        return async (obj: { kind: string }) => {
          const made = (await (value as KubePort['create']).call(target, obj as never)) as unknown;
          if (obj.kind === 'Task' && loseNext > 0) {
            loseNext--;
            throw new KubeError({ code: 0, reason: 'ECONNRESET', verb: 'create' });
          }
          return made;
        };
      },
    });
    server = await startHandlerServer<SpawnConfig>({
      name: 'spawn',
      handle: createSpawnHandler(createSpawnState()),
      readConfig,
      env: { KUBECONFIG: world.cluster.kubeconfigPath, GITHUB_API_URL: world.gh.url },
      kube,
    });
    await world.kube.create(workspace(world.ns));
    await world.kube.create(
      spawner(world.ns, 'lost', {
        when: { githubIssues: { labels: ['bug'] } },
        pollInterval: '1h',
        maxTotalTasks: 2,
      }),
    );
  });
  after(async () => {
    await server?.stop();
    await world?.close();
  });

  it('answers 503 for the lost create, keeps the slot, and never exceeds the budget', async () => {
    const deliver = async (n: number) => {
      const issue = world.gh.setIssue(REPO, { number: n, labels: ['bug'] });
      return (await postEvent(server.url, githubEvent('issues', issuesPayload('labeled', issue, 'bug'))))
        .status;
    };
    loseNext = 1;
    expect(await deliver(1)).to.equal(503);
    expect((await tasksOf(world, 'lost')).map((t) => t.metadata.name)).to.deep.equal(['lost-1']);
    expect((await getSpawner(world, 'lost')).metadata.annotations?.['kelos.dev/spawn-ledger']).to.match(
      /"total":1/,
    );
    expect(await deliver(2)).to.equal(202);
    for (const n of [3, 4]) await deliver(n);
    const names = (await tasksOf(world, 'lost')).map((t) => t.metadata.name);
    expect(names).to.have.length(2);
    expect(names).to.deep.equal(['lost-1', 'lost-2']);
  });
});
