/**
 * report-github against the real API server and the fake GitHub: one status
 * comment per Task, edited through its whole life; duplicated, reordered and
 * dropped lifecycle events (across two replicas) still end with one comment in
 * the final state; the resync tick makes up for lost events; a token without
 * issues:write is logged once and recorded on the Task; reporting off posts
 * nothing; with checks, a Check Run on the PR head.
 */
import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import { apiServerRefEvent, kelosEvent, pingEvent, postEvent } from '../../support/cloudevents.js';
import { parseMarker } from '../../../functions/report-github/marker.js';
import { taskEvent, type TaskEventKind } from '../../../functions/core/task/task-event.js';
import type { TaskStatus } from '../../../functions/core/api/types.js';
import { eventually } from '../../support/eventually.js';
import { REPO, setUpReportWorld, type ReportWorld, type TaskObj } from './harness.js';

const SUCCEEDED: TaskStatus = {
  phase: 'Succeeded',
  message: 'Agent finished',
  startTime: '2026-12-01T10:00:00Z',
  completionTime: '2026-12-01T10:05:00Z',
  results: { branch: 'kelos-42', pr: `https://github.com/${REPO}/pull/99`, 'cost-usd': '0.31' },
  usage: { inputTokens: 1500, outputTokens: 700, costUSD: '0.31' },
};

describe('report-github (real API server, fake GitHub)', function () {
  this.timeout(60_000);
  let world: ReportWorld;
  before(async function () {
    this.timeout(180_000);
    world = await setUpReportWorld('report');
  });
  after(async () => {
    await world?.close();
  });

  const statusComments = (n: number) => world.gh.comments(REPO, n).filter((c) => parseMarker(c.body));
  const only = (n: number) => {
    const list = statusComments(n);
    expect(list, `status comments on #${n}`).to.have.length(1);
    return list[0]!;
  };
  const like = (t: TaskObj) => ({
    apiVersion: t.apiVersion,
    kind: t.kind,
    metadata: { name: t.metadata.name, namespace: t.metadata.namespace },
  });
  // The data the functions send (core/task/task-event.ts): it names the GitHub item when there is one.
  const lifecycle = (kind: TaskEventKind, task: TaskObj) =>
    kelosEvent(`dev.kelos.task.${kind}`, like(task), taskEvent(kind, task).data);

  it('posts one comment when the Task is created and edits it in place through Waiting, Running and Succeeded', async () => {
    const spawner = await world.spawner('lifecycle', { reporting: { enabled: true } });
    world.gh.setComments(REPO, 42, ['A human comment stays as it is']);
    const task = await world.spawnTask(spawner, 42);
    expect(await world.deliver(apiServerRefEvent('add', like(task)))).to.equal(202);
    const first = only(42);
    expect(first.body).to.include('**Queued**');

    const steps: [TaskStatus, TaskEventKind, string][] = [
      [
        { phase: 'Waiting', message: 'Branch kelos-42 is locked by Task other' },
        'waiting',
        '**Waiting**: Branch kelos-42 is locked by Task other',
      ],
      [{ phase: 'Running', startTime: '2026-12-01T10:00:00Z' }, 'running', '**Running**'],
      [SUCCEEDED, 'succeeded', '**Succeeded** after 5m.'],
    ];
    for (const [status, kind, text] of steps) {
      const t = await world.setStatus(task.metadata.name, status);
      expect(await world.deliver(lifecycle(kind, t))).to.equal(202);
      expect(only(42).body).to.include(text);
      expect(only(42).id, 'edited in place').to.equal(first.id);
    }
    const final = only(42).body;
    expect(final)
      .to.include('- Branch: `kelos-42`')
      .and.include(`- Pull request: https://github.com/${REPO}/pull/99`);
    expect(final).to.include('- Tokens: 1500 in, 700 out').and.include('- Cost: $0.31');
    expect(world.gh.comments(REPO, 42)[0]!.body).to.equal('A human comment stays as it is');
    const done = await world.getTask(task.metadata.name);
    expect(done.status?.conditions?.find((c) => c.type === 'GitHubReported')).to.include({
      status: 'True',
      reason: 'Succeeded',
    });
    // Once reported, later events cost no GitHub call.
    const before = world.gh.requests.length;
    expect(await world.deliver(lifecycle('succeeded', done))).to.equal(204);
    expect(world.gh.requests.length).to.equal(before);
    // Its lease is gone after each report.
    const leases = await world.kube.list('coordination.k8s.io/v1', 'Lease', world.ns);
    expect(leases.items.map((l) => l.metadata.name)).to.deep.equal([]);
  });

  it('ends with one comment in the final state after duplicated, reordered and dropped events on two replicas', async () => {
    const spawner = await world.spawner('storm', { reporting: { enabled: true } });
    const tasks = await Promise.all([7, 8, 9].map((n) => world.spawnTask(spawner, n)));
    // Each Task runs and finishes before most of its events arrive: the "running" ones come late, twice, to both replicas.
    for (const t of tasks) {
      await world.setStatus(t.metadata.name, { phase: 'Running', startTime: '2026-12-01T10:00:00Z' });
    }
    const finished = await Promise.all(tasks.map((t) => world.setStatus(t.metadata.name, SUCCEEDED)));
    const events = finished.flatMap((t) => [
      lifecycle('running', t),
      lifecycle('succeeded', t),
      apiServerRefEvent('add', like(t)),
      lifecycle('running', t),
      lifecycle('succeeded', t),
      apiServerRefEvent('update', like(t)),
    ]);
    const statuses = await Promise.all(events.map((e, i) => world.deliver(e, i)));
    expect(
      statuses.every((s) => s === 202 || s === 204),
      statuses.join(','),
    ).to.equal(true);
    for (const n of [7, 8, 9]) {
      const c = only(n);
      expect(c.body).to.include('**Succeeded**').and.include(`/pull/99`);
      expect(parseMarker(c.body)!.rank).to.equal(5);
    }
    expect(
      world.gh.requests.filter((r) => r.method === 'DELETE'),
      'no duplicate had to be cleaned up',
    ).to.have.length(0);
  });

  it('the resync tick reports a Task whose events were all lost, and an older view never overwrites a newer comment', async () => {
    const spawner = await world.spawner('lost', { reporting: { enabled: true } });
    const task = await world.spawnTask(spawner, 11);
    await world.setStatus(task.metadata.name, {
      phase: 'Failed',
      message: 'Agent exited with code 2',
      podName: task.metadata.name,
    });
    expect(statusComments(11)).to.have.length(0);
    expect(await world.deliver(pingEvent())).to.equal(202);
    const failed = only(11).body;
    expect(failed)
      .to.include('**Failed**')
      .and.include('> Agent exited with code 2')
      .and.include(`kelos logs ${task.metadata.name} -n ${world.ns}`);
    // A stale "running" view (e.g. a replica that read the Task long ago) finds the newer comment and leaves it.
    const otherTask = await world.spawnTask(spawner, 12);
    await world.setStatus(otherTask.metadata.name, SUCCEEDED);
    expect(await world.deliver(lifecycle('succeeded', otherTask))).to.equal(202);
    const posted = only(12);
    await world.setStatus(otherTask.metadata.name, { phase: 'Running' }); // not a real transition: the API lets the test rewind it
    await world.deliver(lifecycle('running', otherTask));
    expect(only(12).body).to.equal(posted.body);
  });

  it('a token without issues:write: 202, logged once, a condition on the Task, no comment, no retry storm', async () => {
    const spawner = await world.spawner('no-permission', { reporting: { enabled: true } });
    const task = await world.spawnTask(spawner, 21);
    world.gh.forbidden.add('issues:write');
    try {
      expect(await world.deliver(apiServerRefEvent('add', like(task)))).to.equal(202);
      const t = await world.setStatus(task.metadata.name, { phase: 'Running' });
      expect(await world.deliver(lifecycle('running', t))).to.equal(202);
      const condition = (await world.getTask(task.metadata.name)).status?.conditions?.find(
        (c) => c.type === 'GitHubReported',
      );
      expect(condition).to.include({ status: 'False', reason: 'MissingPermission' });
      expect(condition!.message).to.include('issues:write').and.include(`${REPO}#21`);
      const refusals = world.logs.filter(
        (l) => l.message === 'GitHub refused a report' && l.meta?.['where'] === `${REPO}#21`,
      );
      expect(refusals).to.have.length(1);
      expect(refusals[0]!.meta).to.include({ permission: 'issues:write', status: 403 });
      expect(world.gh.comments(REPO, 21)).to.have.length(0);
      // The resync tick leaves a refused Task alone.
      const posts = () => world.gh.requests.filter((r) => r.path.endsWith('/issues/21/comments')).length;
      const before = posts();
      expect(await world.deliver(pingEvent())).to.equal(202);
      expect(posts()).to.equal(before);
    } finally {
      world.gh.forbidden.delete('issues:write');
    }
  });

  it('reporting off (or absent) posts nothing', async () => {
    const off = await world.spawner('quiet', { reporting: { enabled: false } });
    const absent = await world.spawner('silent', {});
    const tasks = [await world.spawnTask(off, 31), await world.spawnTask(absent, 32)];
    for (const t of tasks) {
      expect(await world.deliver(apiServerRefEvent('add', like(t)))).to.equal(204);
      const done = await world.setStatus(t.metadata.name, SUCCEEDED);
      expect(await world.deliver(lifecycle('succeeded', done))).to.equal(204);
    }
    expect(await world.deliver(pingEvent())).to.equal(202);
    expect(world.gh.requests.filter((r) => /\/issues\/3[12]\//.test(r.path))).to.have.length(0);
  });

  it('with checks, keeps a Check Run on the PR head: in_progress, then success', async () => {
    const spawner = await world.spawner('reviewer', {
      types: ['pulls'],
      reporting: { enabled: true, checks: {} },
    });
    const task = await world.spawnTask(spawner, 55, true);
    const running = await world.setStatus(task.metadata.name, { phase: 'Running' });
    expect(await world.deliver(lifecycle('running', running))).to.equal(202);
    const sha = world.gh.headSha(REPO, 55);
    let runs = world.gh.checkRuns(REPO).filter((r) => r.head_sha === sha);
    expect(runs).to.have.length(1);
    expect(runs[0]).to.include({
      name: 'Kelos: reviewer',
      status: 'in_progress',
      external_id: task.metadata.uid,
    });
    const done = await world.setStatus(task.metadata.name, SUCCEEDED);
    expect(await world.deliver(lifecycle('succeeded', done))).to.equal(202);
    expect(await world.deliver(lifecycle('running', running))).to.equal(204);
    runs = world.gh.checkRuns(REPO).filter((r) => r.head_sha === sha);
    expect(runs).to.have.length(1);
    expect(runs[0]).to.include({ status: 'completed', conclusion: 'success' });
    expect(runs[0]!.output.summary).to.include(`/pull/99`);
    expect(only(55).body).to.include('**Succeeded**');
  });

  it('a GitHub App Workspace: the installation token is minted and used for the comment', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    world.gh.installations.set('4242', 'ghs_installation_token');
    await world.kube.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'github-app', namespace: world.ns },
      stringData: {
        appID: '17',
        installationID: '4242',
        privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      },
    } as KubeObject);
    await world.kube.create({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Workspace',
      metadata: { name: 'ws-app', namespace: world.ns },
      spec: { repo: `https://github.com/${REPO}.git`, secretRef: { name: 'github-app' } },
    } as KubeObject);
    const spawner = await world.spawner('app', { reporting: { enabled: true } }, 'ws-app');
    const task = await world.spawnTask(spawner, 61);
    expect(await world.deliver(apiServerRefEvent('add', like(task)))).to.equal(202);
    only(61);
    const post = world.gh.requests.find((r) => r.method === 'POST' && r.path.endsWith('/issues/61/comments'));
    expect(post?.headers.authorization).to.equal('token ghs_installation_token');
  });

  it('refusals name what is missing: a rejected token (401), a token without checks:write', async () => {
    world.gh.rejectTokens.add('ghp_revoked');
    await world.kube.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'revoked', namespace: world.ns },
      stringData: { GITHUB_TOKEN: 'ghp_revoked' },
    } as KubeObject);
    await world.kube.create({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Workspace',
      metadata: { name: 'ws-revoked', namespace: world.ns },
      spec: { repo: `https://github.com/${REPO}.git`, secretRef: { name: 'revoked' } },
    } as KubeObject);
    const revoked = await world.spawner('revoked', { reporting: { enabled: true } }, 'ws-revoked');
    const t1 = await world.spawnTask(revoked, 71);
    expect(await world.deliver(apiServerRefEvent('add', like(t1)))).to.equal(202);
    const c1 = (await world.getTask(t1.metadata.name)).status?.conditions?.find(
      (c) => c.type === 'GitHubReported',
    );
    expect(c1).to.include({ status: 'False', reason: 'BadCredentials' });
    expect(c1!.message).to.include('(401)');

    const checks = await world.spawner('checks-denied', {
      types: ['pulls'],
      reporting: { enabled: true, checks: { name: 'Kelos CI' } },
    });
    const t2 = await world.spawnTask(checks, 72, true);
    world.gh.forbidden.add('checks:write');
    try {
      expect(await world.deliver(apiServerRefEvent('add', like(t2)))).to.equal(202);
    } finally {
      world.gh.forbidden.delete('checks:write');
    }
    const c2 = (await world.getTask(t2.metadata.name)).status?.conditions?.find(
      (c) => c.type === 'GitHubReported',
    );
    expect(c2).to.include({ status: 'False', reason: 'MissingPermission' });
    expect(c2!.message).to.include('checks:write');
    expect(only(72).body, 'the comment was still written').to.include('**Queued**');
  });

  it('a rate-limited answer is a 503 (redelivered) and the credential backs off until the reset', async () => {
    const spawner = await world.spawner('throttled', { reporting: { enabled: true } });
    const task = await world.spawnTask(spawner, 81);
    const reset = Math.ceil(Date.now() / 1000) + 2;
    world.gh.rateLimited = { status: 403, resetEpochSeconds: reset };
    const url = world.replicas[0]!.url;
    expect((await postEvent(url, apiServerRefEvent('add', like(task)))).status).to.equal(503);
    world.gh.rateLimited = undefined;
    const calls = world.gh.requests.length;
    expect((await postEvent(url, apiServerRefEvent('add', like(task)))).status, 'still backing off').to.equal(
      503,
    );
    expect(world.gh.requests.length, 'no call during the back-off').to.equal(calls);
    await eventually('the reset', async () => Date.now() > reset * 1000 + 100);
    expect((await postEvent(url, apiServerRefEvent('add', like(task)))).status).to.equal(202);
    expect(only(81).body).to.include('**Queued**');
  });
});
