import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningGitHubSource } from '../../../functions/github-source/start.js';
import { createLogger } from '../../../functions/core/log/create-logger.js';
import type { FunctionServer } from '../../support/functions.js';
import { knativeGitHubEvent } from '../../support/cloudevents.js';
import {
  REPO,
  getSpawner,
  post,
  setUpWorld,
  spawner,
  tasksOf,
  workspace,
  type SpawnWorld,
} from '../spawn/harness.js';
import { commentPayload, deliver, issuesPayload } from './payloads.js';

const SECRET = 'integration-webhook-secret';

describe('github-source → spawn: signed webhooks create Tasks', function () {
  this.timeout(60_000);
  let world: SpawnWorld;
  let spawn: FunctionServer;
  let source: RunningGitHubSource;
  let sink: Server;
  const emitted: { type: string; subject: string; source: string; body: Record<string, unknown> }[] = [];

  before(async function () {
    this.timeout(180_000);
    world = await setUpWorld('ghsrc');
    sink = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        emitted.push({
          type: String(req.headers['ce-type']),
          subject: String(req.headers['ce-subject']),
          source: String(req.headers['ce-source']),
          body: JSON.parse(data) as Record<string, unknown>,
        });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    spawn = await world.startSpawn({ K_SINK: `http://127.0.0.1:${(sink.address() as AddressInfo).port}` });
    // Loaded lazily: @octokit/webhooks is ESM-only, and a static import would make mocha load this
    // file as ESM, with a second copy of test/support/cluster.ts that the root hook never stops.
    const { startGitHubSource } = await import('../../../functions/github-source/start.js');
    source = await startGitHubSource({
      env: { GITHUB_WEBHOOK_SECRET: SECRET, K_SINK: spawn.url },
      host: '127.0.0.1',
      port: 0,
      handleSignals: false,
      log: createLogger({ name: 'github-source', env: {}, level: 'silent' }),
    });
    await world.kube.create(workspace(world.ns));
    await world.kube.create(
      spawner(
        world.ns,
        'hook',
        { when: { githubIssues: { labels: ['bug'] } }, pollInterval: '1h' },
        { branch: 'kelos-task-{{.Number}}', promptTemplate: 'Fix {{.Title}} ({{.URL}}) [{{.Labels}}]' },
      ),
    );
  });
  after(async () => {
    await source?.close();
    await world?.close();
    await new Promise<void>((r) => sink.close(() => r()));
  });

  it('serves /healthz and answers ping with 200 without forwarding', async () => {
    expect((await fetch(`${source.url}/healthz`)).status).to.equal(200);
    const before = emitted.length;
    const res = await deliver(
      source.url,
      'ping',
      {
        zen: 'Keep it logically awesome.',
        hook_id: 1,
        repository: { url: `https://api.github.com/repos/${REPO}` },
      },
      { secret: SECRET },
    );
    expect(res.status).to.equal(200);
    expect(emitted.length).to.equal(before);
  });

  it('a signed issues.labeled for a matching label creates exactly one Task with rendered prompt and branch', async () => {
    const issue = world.gh.setIssue(REPO, { number: 1, title: 'Spelling error', labels: ['bug'] });
    const res = await deliver(source.url, 'issues', issuesPayload('labeled', issue, 'bug'), {
      secret: SECRET,
      id: 'delivery-1',
    });
    expect(res.status).to.equal(202);
    const tasks = await tasksOf(world, 'hook');
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal(['hook-1']);
    expect(tasks[0]?.spec.prompt).to.equal(`Fix Spelling error (https://github.com/${REPO}/issues/1) [bug]`);
    expect(tasks[0]?.spec.branch).to.equal('kelos-task-1');
    expect((await getSpawner(world, 'hook')).status).to.deep.include({
      phase: 'Running',
      totalTasksCreated: 1,
      activeTasks: 1,
    });
    const spawned = emitted.filter((e) => e.type === 'dev.kelos.taskspawner.spawned');
    expect(spawned).to.have.length(1);
    expect(spawned[0]).to.deep.include({
      subject: 'hook',
      source: `/apis/kelos.dev/v1alpha1/namespaces/${world.ns}/taskspawners/hook`,
    });
    expect(spawned[0]?.body).to.deep.include({ spawner: 'hook', task: 'hook-1' });
  });

  it('the same delivery five times (concurrently) still creates one Task', async () => {
    const issue = world.gh.setIssue(REPO, { number: 2, title: 'Dup', labels: ['bug'] });
    const payload = issuesPayload('labeled', issue, 'bug');
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() => deliver(source.url, 'issues', payload, { secret: SECRET, id: 'delivery-2' })),
    );
    expect(answers.map((a) => a.status)).to.deep.equal([202, 202, 202, 202, 202]);
    expect((await tasksOf(world, 'hook')).map((t) => t.metadata.name)).to.deep.equal(['hook-1', 'hook-2']);
    expect((await getSpawner(world, 'hook')).status?.totalTasksCreated).to.equal(2);
    expect(emitted.filter((e) => e.type === 'dev.kelos.taskspawner.spawned')).to.have.length(2);
  });

  it('a bad or missing signature gets 401 and creates nothing', async () => {
    const issue = world.gh.setIssue(REPO, { number: 3, labels: ['bug'] });
    const payload = issuesPayload('labeled', issue, 'bug');
    expect((await deliver(source.url, 'issues', payload, { secret: 'wrong-secret' })).status).to.equal(401);
    expect((await deliver(source.url, 'issues', payload, { secret: SECRET, signature: '' })).status).to.equal(
      401,
    );
    expect((await tasksOf(world, 'hook')).map((t) => t.metadata.name)).to.not.include('hook-3');
  });

  it('an issue without the label, or closed, creates nothing', async () => {
    const other = world.gh.setIssue(REPO, { number: 4, labels: ['question'] });
    expect(
      (await deliver(source.url, 'issues', issuesPayload('labeled', other, 'question'), { secret: SECRET }))
        .status,
    ).to.equal(202);
    const closed = world.gh.setIssue(REPO, { number: 5, labels: ['bug'], state: 'closed' });
    expect(
      (await deliver(source.url, 'issues', issuesPayload('closed', closed), { secret: SECRET })).status,
    ).to.equal(202);
    expect((await tasksOf(world, 'hook')).map((t) => t.metadata.name)).to.deep.equal(['hook-1', 'hook-2']);
  });

  it('accepts Knative GitHubSource events (dev.knative.source.github.issues)', async () => {
    const issue = world.gh.setIssue(REPO, { number: 6, labels: ['bug'] });
    expect(await post(spawn, knativeGitHubEvent('issues', issuesPayload('labeled', issue, 'bug')))).to.equal(
      202,
    );
    expect((await tasksOf(world, 'hook')).map((t) => t.metadata.name)).to.include('hook-6');
  });

  it('issue_comment: the trigger comment is re-evaluated through the API', async () => {
    await world.kube.create(
      spawner(world.ns, 'cmd', {
        when: { githubIssues: { triggerComment: '/kelos pick-up', excludeComments: ['/kelos needs-input'] } },
        pollInterval: '1h',
      }),
    );
    const issue = world.gh.setIssue(REPO, { number: 7, labels: [] });
    world.gh.setComments(REPO, 7, ['/kelos needs-input']);
    expect(
      (
        await deliver(source.url, 'issue_comment', commentPayload(issue, '/kelos needs-input'), {
          secret: SECRET,
        })
      ).status,
    ).to.equal(202);
    expect(await tasksOf(world, 'cmd')).to.have.length(0);
    world.gh.setComments(REPO, 7, ['/kelos needs-input', 'thanks\n/kelos pick-up']);
    expect(
      (
        await deliver(source.url, 'issue_comment', commentPayload(issue, 'thanks\n/kelos pick-up'), {
          secret: SECRET,
        })
      ).status,
    ).to.equal(202);
    const tasks = await tasksOf(world, 'cmd');
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal(['cmd-7']);
    expect(tasks[0]?.spec.prompt).to.include('Comments:\n/kelos needs-input\n---\nthanks\n/kelos pick-up');
  });
  it('accepts deliveries far above the 100 kB express default (a 2 MB issue body)', async () => {
    const issue = world.gh.setIssue(REPO, { number: 8, labels: ['bug'] });
    const big = { ...issue, body: 'x'.repeat(2 * 1024 * 1024) };
    const res = await deliver(source.url, 'issues', issuesPayload('labeled', big, 'bug'), { secret: SECRET });
    expect(res.status).to.equal(202);
    expect((await tasksOf(world, 'hook')).map((t) => t.metadata.name)).to.include('hook-8');
  });
  it('issue_comment.created: the announced comment counts even before the API lists it', async () => {
    const issue = world.gh.setIssue(REPO, { number: 9, labels: [] });
    world.gh.setComments(REPO, 9, ['earlier']);
    const res = await deliver(source.url, 'issue_comment', commentPayload(issue, '/kelos pick-up'), {
      secret: SECRET,
    });
    expect(res.status).to.equal(202);
    const tasks = await tasksOf(world, 'cmd');
    expect(tasks.map((t) => t.metadata.name)).to.include('cmd-9');
    expect(tasks.find((t) => t.metadata.name === 'cmd-9')?.spec.prompt).to.include(
      'Comments:\nearlier\n---\n/kelos pick-up',
    );
  });
});
