import { expect } from 'chai';
import {
  REPO,
  finishTask,
  getSpawner,
  post,
  secret,
  setSuspend,
  setUpWorld,
  spawner,
  spawnerEvent,
  taskEvent,
  tasksOf,
  tick,
  workspace,
  type SpawnWorld,
} from './harness.js';
import type { FunctionServer } from '../../support/functions.js';

describe('spawn: GitHub polling against the API server (KELOS-BEHAVIOUR §8.2/§8.8, adapted)', function () {
  this.timeout(60_000);
  let world: SpawnWorld;
  let spawn: FunctionServer;

  before(async function () {
    this.timeout(180_000);
    world = await setUpWorld('spawn-poll');
    spawn = await world.startSpawn();
    await world.kube.create(secret(world.ns, 'gh-pat', { GITHUB_TOKEN: 'ghp_pat_value' }));
    await world.kube.create(workspace(world.ns, 'ws', 'gh-pat'));
  });
  after(async () => world?.close());

  it('discovers issues on creation: Tasks <spawner>-<n> with label, prompt, branch; status Running', async () => {
    world.gh.setIssue(REPO, { number: 1, title: 'First', body: 'Body one', labels: ['kelos'] });
    world.gh.setIssue(REPO, { number: 2, title: 'Second', body: 'Body two', labels: ['kelos', 'x'] });
    world.gh.setIssue(REPO, { number: 3, title: 'Other', labels: ['other'] });
    const s = await world.kube.create(
      spawner(
        world.ns,
        'basic',
        { when: { githubIssues: { labels: ['kelos'] } } },
        {
          branch: 'kelos-task-{{.Number}}',
          model: 'opus',
          agentConfigRef: { name: 'ac' },
          podOverrides: { activeDeadlineSeconds: 600 },
        },
      ),
    );
    expect(await post(spawn, spawnerEvent(s))).to.equal(202);
    const tasks = await tasksOf(world, 'basic');
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal(['basic-1', 'basic-2']);
    const t1 = tasks[0]!;
    expect(t1.metadata.labels?.['kelos.dev/taskspawner']).to.equal('basic');
    expect(t1.metadata.ownerReferences).to.equal(undefined);
    expect(t1.spec.prompt).to.equal('Issue #1: First\n\nBody one');
    expect(t1.spec.branch).to.equal('kelos-task-1');
    expect(t1.spec.model).to.equal('opus');
    expect(t1.spec.agentConfigRef).to.deep.equal({ name: 'ac' });
    expect(t1.spec.podOverrides).to.deep.equal({ activeDeadlineSeconds: 600 });
    expect(t1.spec.workspaceRef).to.deep.equal({ name: 'ws' });
    const st = (await getSpawner(world, 'basic')).status;
    expect(st).to.deep.include({
      phase: 'Running',
      totalDiscovered: 2,
      totalTasksCreated: 2,
      activeTasks: 2,
      message: 'Discovered 2 items, created 2 tasks total',
    });
    expect(st?.lastDiscoveryTime).to.be.a('string');
    const issuesReq = world.gh.requests.find((r) => r.path === `/repos/${REPO}/issues`);
    expect(issuesReq?.headers['authorization']).to.equal('token ghp_pat_value');
    expect(issuesReq?.query.get('labels')).to.equal('kelos');
  });

  it('re-running discovery creates nothing new (dedup by Task name) and an unchanged poll is answered 304', async () => {
    const s = await getSpawner(world, 'basic');
    world.githubStatuses.length = 0;
    await post(spawn, tick(new Date(Date.now() + 10 * 60_000).toISOString()));
    expect((await tasksOf(world, 'basic')).map((t) => t.metadata.name)).to.deep.equal(['basic-1', 'basic-2']);
    expect(world.githubStatuses.length).to.be.greaterThan(0);
    expect(world.githubStatuses.every((code) => code === 304)).to.equal(true);
    const conditional = world.gh.requests.filter((r) => r.status === 304);
    expect(conditional.every((r) => typeof r.headers['if-none-match'] === 'string')).to.equal(true);
    expect((await getSpawner(world, 'basic')).metadata.resourceVersion).to.not.equal(undefined);
    void s;
  });

  it('maxConcurrency limits creation; a finished Task admits the next item', async () => {
    for (let n = 10; n <= 12; n++) world.gh.setIssue(REPO, { number: n, labels: ['mc'] });
    const s = await world.kube.create(
      spawner(world.ns, 'mc', { when: { githubIssues: { labels: ['mc'] } }, maxConcurrency: 2 }),
    );
    await post(spawn, spawnerEvent(s));
    let tasks = await tasksOf(world, 'mc');
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal(['mc-10', 'mc-11']);
    expect((await getSpawner(world, 'mc')).status?.activeTasks).to.equal(2);
    const done = await finishTask(world, tasks[0]!);
    await post(spawn, taskEvent(done));
    tasks = await tasksOf(world, 'mc');
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal(['mc-10', 'mc-11', 'mc-12']);
    expect((await getSpawner(world, 'mc')).status).to.deep.include({ activeTasks: 2, totalTasksCreated: 3 });
  });

  it('maxTotalTasks stops creation and sets TaskBudgetExhausted', async () => {
    for (let n = 20; n <= 22; n++) world.gh.setIssue(REPO, { number: n, labels: ['mt'] });
    const s = await world.kube.create(
      spawner(world.ns, 'mt', { when: { githubIssues: { labels: ['mt'] } }, maxTotalTasks: 2 }),
    );
    await post(spawn, spawnerEvent(s));
    expect((await tasksOf(world, 'mt')).map((t) => t.metadata.name)).to.deep.equal(['mt-20', 'mt-21']);
    const st = (await getSpawner(world, 'mt')).status;
    const cond = st?.conditions?.find((c) => c.type === 'TaskBudgetExhausted');
    expect([cond?.status, cond?.reason, cond?.message]).to.deep.equal([
      'True',
      'BudgetReached',
      'Total tasks created (2) has reached maxTotalTasks (2)',
    ]);
    // Finishing and even deleting a Task does not give budget back.
    const [first] = await tasksOf(world, 'mt');
    await world.kube.delete({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      namespace: world.ns,
      name: first!.metadata.name ?? '',
    });
    await post(spawn, taskEvent(first!, 'delete'));
    expect((await tasksOf(world, 'mt')).map((t) => t.metadata.name)).to.deep.equal(['mt-21']);
    expect((await getSpawner(world, 'mt')).status?.totalTasksCreated).to.equal(2);
  });

  it('suspend at creation: no Tasks, phase Suspended with UserSuspended; resume → Running and Tasks', async () => {
    world.gh.setIssue(REPO, { number: 30, labels: ['sus'] });
    const s = await world.kube.create(
      spawner(world.ns, 'sus', { when: { githubIssues: { labels: ['sus'] } }, suspend: true }),
    );
    await post(spawn, spawnerEvent(s));
    expect(await tasksOf(world, 'sus')).to.have.length(0);
    let st = (await getSpawner(world, 'sus')).status;
    expect(st?.phase).to.equal('Suspended');
    expect(st?.message).to.equal('Suspended by user');
    const c = st?.conditions?.find((x) => x.type === 'Suspended');
    expect([c?.status, c?.reason, c?.message]).to.deep.equal([
      'True',
      'UserSuspended',
      'TaskSpawner is suspended by user',
    ]);
    expect(st?.lastDiscoveryTime).to.equal(undefined);
    await post(spawn, tick(new Date().toISOString()));
    expect(await tasksOf(world, 'sus')).to.have.length(0);
    const resumed = await setSuspend(world, 'sus', false);
    await post(spawn, spawnerEvent(resumed, 'update'));
    expect((await tasksOf(world, 'sus')).map((t) => t.metadata.name)).to.deep.equal(['sus-30']);
    st = (await getSpawner(world, 'sus')).status;
    expect(st?.phase).to.equal('Running');
    const c2 = st?.conditions?.find((x) => x.type === 'Suspended');
    expect([c2?.status, c2?.reason, c2?.message]).to.deep.equal([
      'False',
      'Running',
      'TaskSpawner is running',
    ]);
  });

  it('suspending a running spawner stops creation (running Tasks continue)', async () => {
    await setSuspend(world, 'mc', true);
    world.gh.setIssue(REPO, { number: 13, labels: ['mc'] });
    const [a] = await tasksOf(world, 'mc');
    await post(spawn, taskEvent(await finishTask(world, (await tasksOf(world, 'mc'))[1]!)));
    await post(spawn, spawnerEvent(await getSpawner(world, 'mc'), 'update'));
    expect((await tasksOf(world, 'mc')).map((t) => t.metadata.name)).to.deep.equal([
      'mc-10',
      'mc-11',
      'mc-12',
    ]);
    expect((await getSpawner(world, 'mc')).status?.phase).to.equal('Suspended');
    void a;
  });

  it('a missing Workspace leaves the spawner Pending (not Failed); creating it later starts discovery', async () => {
    world.gh.setIssue(REPO, { number: 40, labels: ['late'] });
    const s = await world.kube.create(
      spawner(
        world.ns,
        'late',
        { when: { githubIssues: { labels: ['late'] } } },
        { workspaceRef: { name: 'ws-late' } },
      ),
    );
    await post(spawn, spawnerEvent(s));
    let st = (await getSpawner(world, 'late')).status;
    expect(st?.phase).to.equal('Pending');
    expect(st?.message).to.equal('Workspace ws-late not found');
    await world.kube.create(workspace(world.ns, 'ws-late'));
    await post(spawn, tick(new Date().toISOString()));
    expect((await tasksOf(world, 'late')).map((t) => t.metadata.name)).to.deep.equal(['late-40']);
    st = (await getSpawner(world, 'late')).status;
    expect(st?.phase).to.equal('Running');
  });

  it('githubIssues.repo overrides the Workspace repository (fork workflow)', async () => {
    world.gh.setIssue('upstream-org/upstream', { number: 7, labels: ['fork'] });
    const s = await world.kube.create(
      spawner(world.ns, 'fork', {
        when: { githubIssues: { repo: 'https://github.com/upstream-org/upstream', labels: ['fork'] } },
      }),
    );
    await post(spawn, spawnerEvent(s));
    expect((await tasksOf(world, 'fork')).map((t) => t.metadata.name)).to.deep.equal(['fork-7']);
    expect(world.gh.requests.some((r) => r.path === '/repos/upstream-org/upstream/issues')).to.equal(true);
  });

  it('comment workflow: trigger includes, exclude wins when more recent, trigger resumes', async () => {
    const T = '/kelos pick-up';
    const X = '/kelos needs-input';
    for (const [n, bodies] of [
      [50, [T]],
      [51, ['hello']],
      [52, [T, X]],
      [53, [X, T]],
    ] as const) {
      world.gh.setIssue(REPO, { number: n, labels: ['cw'] });
      world.gh.setComments(REPO, n, [...bodies]);
    }
    const s = await world.kube.create(
      spawner(world.ns, 'cw', {
        when: { githubIssues: { labels: ['cw'], triggerComment: T, excludeComments: [X] } },
      }),
    );
    await post(spawn, spawnerEvent(s));
    const tasks = await tasksOf(world, 'cw');
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal(['cw-50', 'cw-53']);
    expect(tasks[1]?.spec.prompt).to.equal(`Issue #53: Issue 53\n\n\n\nComments:\n${X}\n---\n${T}`);
  });

  it('priorityLabels: with maxConcurrency the higher-priority items are created first, then oldest first', async () => {
    world.gh.setIssue(REPO, { number: 60, labels: ['pl'] });
    world.gh.setIssue(REPO, { number: 61, labels: ['pl', 'priority/low'] });
    world.gh.setIssue(REPO, { number: 62, labels: ['pl', 'priority/high'] });
    world.gh.setIssue(REPO, { number: 63, labels: ['pl', 'priority/high'] });
    const s = await world.kube.create(
      spawner(world.ns, 'pl', {
        when: { githubIssues: { labels: ['pl'], priorityLabels: ['priority/high', 'priority/low'] } },
        maxConcurrency: 3,
      }),
    );
    await post(spawn, spawnerEvent(s));
    expect((await tasksOf(world, 'pl')).map((t) => t.metadata.name)).to.deep.equal([
      'pl-61',
      'pl-62',
      'pl-63',
    ]);
  });
  it('types [issues, pulls]: pull requests become Tasks with Kind PR in the default prompt', async () => {
    world.gh.setIssue(REPO, { number: 90, title: 'An issue', labels: ['ty'] });
    world.gh.setIssue(REPO, {
      number: 91,
      title: 'A pull request',
      body: 'Diff',
      labels: ['ty'],
      pull: true,
    });
    const s = await world.kube.create(
      spawner(world.ns, 'ty', { when: { githubIssues: { labels: ['ty'], types: ['issues', 'pulls'] } } }),
    );
    await post(spawn, spawnerEvent(s));
    const tasks = await tasksOf(world, 'ty');
    expect(tasks.map((t) => t.metadata.name)).to.deep.equal(['ty-90', 'ty-91']);
    expect(tasks[1]?.spec.prompt).to.equal('PR #91: A pull request\n\nDiff');
  });

  it('a deleted TaskSpawner is ignored (204) and its Tasks stay (no ownerReference)', async () => {
    const s = await world.kube.create(
      spawner(world.ns, 'gone', { when: { githubIssues: { labels: ['ty'] } } }),
    );
    await post(spawn, spawnerEvent(s));
    expect(await tasksOf(world, 'gone')).to.have.length(1);
    await world.kube.delete({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'TaskSpawner',
      namespace: world.ns,
      name: 'gone',
    });
    expect(await post(spawn, spawnerEvent(s, 'update'))).to.equal(204);
    expect(await tasksOf(world, 'gone')).to.have.length(1);
  });
});
