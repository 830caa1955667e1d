import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import type { FunctionServer } from '../../support/functions.js';
import { githubEvent } from '../../support/cloudevents.js';
import {
  REPO,
  finishTask,
  getSpawner,
  post,
  secret,
  setUpWorld,
  spawner,
  spawnerEvent,
  taskEvent,
  tasksOf,
  tick,
  workspace,
  type SpawnWorld,
} from './harness.js';
import { issuesPayload } from '../github-source/payloads.js';

const NEEDS_INPUT = 'kelos/needs-input';

describe('spawn: feedback loops, GitHub App credentials, rate limits', function () {
  this.timeout(60_000);
  let world: SpawnWorld;
  let spawn: FunctionServer;

  before(async function () {
    this.timeout(180_000);
    world = await setUpWorld('spawn-loops');
    spawn = await world.startSpawn();
    await world.kube.create(workspace(world.ns));
  });
  after(async () => world?.close());

  it('needs-input loop: the exclude label blocks a new Task; removing it re-queues only once the old Task is gone', async () => {
    await world.kube.create(
      spawner(world.ns, 'ni', {
        when: { githubIssues: { labels: ['kelos'], excludeLabels: [NEEDS_INPUT] } },
        pollInterval: '1h',
      }),
    );
    let issue = world.gh.setIssue(REPO, { number: 70, labels: ['kelos'] });
    await post(spawn, githubEvent('issues', issuesPayload('labeled', issue, 'kelos')));
    let tasks = await tasksOf(world, 'ni');
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal(['ni-70']);

    // The agent is blocked: it adds the label and finishes; the Task is then deleted (TTL).
    issue = world.gh.setIssue(REPO, { number: 70, labels: ['kelos', NEEDS_INPUT] });
    await post(spawn, githubEvent('issues', issuesPayload('labeled', issue, NEEDS_INPUT)));
    const done = await finishTask(world, tasks[0]!);
    await world.kube.delete({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      namespace: world.ns,
      name: 'ni-70',
    });
    await post(spawn, taskEvent(done, 'delete'));
    await post(spawn, tick(new Date(Date.now() + 2 * 3600_000).toISOString()));
    expect(await tasksOf(world, 'ni')).to.have.length(0);

    // A human answers and removes the label: the item is picked up again.
    issue = world.gh.setIssue(REPO, { number: 70, labels: ['kelos'] });
    await post(spawn, githubEvent('issues', issuesPayload('unlabeled', issue, NEEDS_INPUT)));
    tasks = await tasksOf(world, 'ni');
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal(['ni-70']);
    expect((await getSpawner(world, 'ni')).status?.totalTasksCreated).to.equal(2);
  });

  it('without deleting the old Task, removing the label does not re-queue (dedup by Task name)', async () => {
    const [old] = await tasksOf(world, 'ni');
    await finishTask(world, old!);
    const issue = world.gh.setIssue(REPO, { number: 70, labels: ['kelos'] });
    await post(spawn, githubEvent('issues', issuesPayload('unlabeled', issue, NEEDS_INPUT)));
    expect((await tasksOf(world, 'ni')).map((t) => t.status?.phase)).to.deep.equal(['Succeeded']);
  });

  it('GitHub App Workspace secret: an installation token is minted and used; PAT → App switch applies on the next poll', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    world.gh.installations.set('4242', 'ghs_installation_token');
    await world.kube.create(secret(world.ns, 'gh-switch', { GITHUB_TOKEN: 'ghp_first' }));
    await world.kube.create(workspace(world.ns, 'ws-switch', 'gh-switch'));
    world.gh.setIssue(REPO, { number: 80, labels: ['app'] });
    const s = await world.kube.create(
      spawner(
        world.ns,
        'app',
        { when: { githubIssues: { labels: ['app'] } } },
        { workspaceRef: { name: 'ws-switch' } },
      ),
    );
    await post(spawn, spawnerEvent(s));
    const issueCalls = () =>
      world.gh.requests.filter((r) => r.path === `/repos/${REPO}/issues` && r.query.get('labels') === 'app');
    expect(issueCalls().map((r) => r.headers['authorization'])).to.deep.equal(['token ghp_first']);

    await world.kube.replace({
      ...secret(world.ns, 'gh-switch', { appID: '12345', installationID: '4242', privateKey: pem }),
      metadata: { name: 'gh-switch', namespace: world.ns },
    });
    await post(spawn, tick(new Date(Date.now() + 3600_000).toISOString()));
    expect(issueCalls().map((r) => r.headers['authorization'])).to.deep.equal([
      'token ghp_first',
      'token ghs_installation_token',
    ]);
    const mint = world.gh.requests.filter((r) => r.path === '/app/installations/4242/access_tokens');
    expect(mint).to.have.length(1);
    expect(String(mint[0]?.headers['authorization'])).to.match(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await tasksOf(world, 'app')).map((t) => t.metadata.name)).to.deep.equal(['app-80']);
  });

  it('GitHub App → PAT switch (same Secret name): the next poll uses the PAT again', async () => {
    await world.kube.replace({
      ...secret(world.ns, 'gh-switch', { GITHUB_TOKEN: 'ghp_second' }),
      metadata: { name: 'gh-switch', namespace: world.ns },
    });
    await post(spawn, tick(new Date(Date.now() + 2 * 3600_000).toISOString()));
    const calls = world.gh.requests.filter(
      (r) => r.path === `/repos/${REPO}/issues` && r.query.get('labels') === 'app',
    );
    expect(calls[calls.length - 1]?.headers['authorization']).to.equal('token ghp_second');
  });

  it('a rate-limited poll backs off until the reset and changes nothing', async () => {
    world.gh.setIssue(REPO, { number: 90, labels: ['rl'] });
    world.gh.rateLimited = { status: 403, resetEpochSeconds: Math.floor(Date.now() / 1000) + 3600 };
    const s = await world.kube.create(
      spawner(world.ns, 'rl', { when: { githubIssues: { labels: ['rl'] } } }),
    );
    await post(spawn, spawnerEvent(s));
    world.gh.rateLimited = undefined;
    const before = world.gh.requests.length;
    await post(spawn, spawnerEvent(s, 'update'));
    expect(world.gh.requests.length).to.equal(before);
    expect(await tasksOf(world, 'rl')).to.have.length(0);
    expect((await getSpawner(world, 'rl')).status?.phase).to.equal(undefined);
  });
});
