/**
 * TaskSpawners end to end through the local event plane and the real
 * functions: a GitHub-issue spawner fed by signed webhook deliveries (real
 * payloads from @octokit/webhooks-examples, the fake GitHub answering the
 * REST calls), and a cron spawner over two PingSource ticks, the test
 * playing the kubelet so the first spawned Task finishes before the second
 * tick (maxConcurrency 1).
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { pingEvent } from '../../scripts/event-plane/ping-event.js';
import { REPO_ROOT } from '../support/cluster.js';
import { finishPod, runPod } from './kubelet.js';
import { deliverIssueEvent, labeledIssuePayload } from './support/issue-webhook.js';
import { applySpawner } from './support/spawner.js';
import { eventually, startWorld, type World } from './world.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests and objects read back as JSON */
const example = async (dir: string): Promise<any[]> => {
  const docs: any[] = [];
  const folder = join(REPO_ROOT, 'examples', dir);
  for (const file of ['workspace.yaml', 'taskspawner.yaml'])
    docs.push(...parseAllDocuments(await readFile(join(folder, file), 'utf8')).map((d) => d.toJS()));
  return docs;
};
const REPO = 'example-org/example-repo';

describe('e2e: TaskSpawners through the local event plane', function () {
  this.timeout(300_000);
  let world: World;
  before(async function () {
    this.timeout(300_000);
    // No real resync ticks: the cron test sends its own, and the webhook test must not be rescued by polling.
    world = await startWorld({ resyncSeconds: 3600 });
  });
  after(async () => {
    await world?.close();
  });
  const spawned = (ns: string, spawner: string) =>
    world.list<any>(ns, 'tasks', `kelos.dev/taskspawner=${spawner}`);

  it('creates a Task from a signed GitHub issues webhook, and none for a bad signature', async () => {
    const ns = await world.newNamespace('gh-spawner');
    await world.apply(ns, join(REPO_ROOT, 'examples/03-taskspawner-github-issues/claude-oauth-secret.yaml'));
    await world.apply(ns, join(REPO_ROOT, 'examples/03-taskspawner-github-issues/github-token-secret.yaml'));
    const [ws, spawner] = await example('03-taskspawner-github-issues');
    spawner.spec.pollInterval = '1h';
    await world.apply(ns, ws);
    // Its first discovery (an empty repository) is done before the issue exists.
    await applySpawner(world, ns, spawner);
    expect(await spawned(ns, 'issue-worker')).to.have.length(0);

    const issue = world.gh.setIssue(REPO, {
      number: 42,
      title: 'Greeting is rude',
      body: 'Say hello politely.',
      labels: ['kelos'],
    });
    const payload = labeledIssuePayload(REPO, issue);
    expect(await deliverIssueEvent(world, payload, 'not-the-secret')).to.equal(401);
    expect(await deliverIssueEvent(world, payload)).to.be.within(200, 299);

    const [task] = await eventually('the spawned Task', async () => {
      const tasks = await spawned(ns, 'issue-worker');
      return tasks.length > 0 && tasks;
    });
    expect(task.spec.prompt).to.include('Issue #42: Greeting is rude').and.include('Say hello politely.');
    expect(task.spec.branch).to.equal('kelos-issue-42');
    // ... and it goes on through the Task lifecycle to its agent Pod.
    const pod = await eventually('its Pod', () => world.get<any>(ns, 'pod', task.metadata.name));
    expect(pod.metadata.labels['kelos.dev/task']).to.equal(task.metadata.name);
    const published = [...world.stack.plane.brokers.values()].flatMap((b) => b.published);
    expect(
      published.filter((e) => e.attributes.type === 'com.github.issue.labeled').length,
      'only the signed delivery got in',
    ).to.equal(1);
    expect((await spawned(ns, 'issue-worker')).length).to.equal(1);
  });

  it('creates one Task per cron tick over two ticks, the first finishing in between (maxConcurrency 1)', async () => {
    const ns = await world.newNamespace('cron-spawner');
    await world.apply(ns, join(REPO_ROOT, 'examples/04-taskspawner-cron/anthropic-api-key-secret.yaml'));
    await world.apply(ns, join(REPO_ROOT, 'examples/04-taskspawner-cron/github-token-secret.yaml'));
    const [ws, spawner] = await example('04-taskspawner-cron');
    spawner.spec.when.cron.schedule = '* * * * *';
    await world.apply(ns, ws);
    await world.apply(ns, spawner);
    const created = Date.parse(
      (await world.get<any>(ns, 'taskspawner', 'nightly-deps')).metadata.creationTimestamp,
    );
    const firstTick = new Date(Math.floor(created / 60_000) * 60_000 + 60_000);
    const secondTick = new Date(firstTick.getTime() + 60_000);
    const topo = world.stack.plane.topology.pingSources[0]!;
    const tick = (at: Date) =>
      world.stack.plane.publish(
        pingEvent(
          { namespace: topo.metadata.namespace ?? 'default', name: topo.metadata.name },
          topo.spec!,
          new Date(at.getTime() + 5000),
        ),
      );

    tick(firstTick);
    const [first] = await eventually('the first tick Task', async () => {
      const t = await spawned(ns, 'nightly-deps');
      return t.length > 0 && t;
    });
    expect(first.spec.prompt).to.include(
      `This run was scheduled for ${firstTick.toISOString().replace('.000Z', 'Z')}`,
    );

    await eventually('the first Pod', () => world.get<any>(ns, 'pod', first.metadata.name));
    await runPod(world.kubectl, ns, first.metadata.name, 'claude-code');
    await finishPod(world.kubectl, ns, first.metadata.name, 'claude-code', {
      outputs: { branch: first.spec.branch },
    });
    await eventually(
      'the first Task Succeeded',
      async () => (await world.get<any>(ns, 'task', first.metadata.name))?.status?.phase === 'Succeeded',
    );

    tick(secondTick);
    const tasks = await eventually('the second tick Task', async () => {
      const t = await spawned(ns, 'nightly-deps');
      return t.length === 2 && t;
    });
    const prompts = tasks.map((t: any) => t.spec.prompt as string).join('\n');
    expect(prompts).to.include(secondTick.toISOString().replace('.000Z', 'Z'));
    // The spawner's status catches up once the pass that created the Task finishes.
    await eventually(
      'totalTasksCreated 2',
      async () => (await world.get<any>(ns, 'taskspawner', 'nightly-deps')).status?.totalTasksCreated === 2,
    );
  });
});
