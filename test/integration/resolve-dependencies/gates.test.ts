/**
 * resolve-dependencies against the real API server, with launch-pod and
 * capture-outputs running too (KELOS-BEHAVIOUR §8.1 cases 19-21, 23-26, 28,
 * adapted: Job → Pod), driven by real CloudEvents.
 */
import { expect } from 'chai';
import type { TaskObject } from '../../../functions/core/task/objects.js';
import { eventDriver, type Driver } from '../task-lifecycle/event-driver.js';
import { createSecret } from '../../support/create-secret.js';
import {
  createWorkspace,
  deliver,
  route,
  getPod,
  getTask,
  listPods,
  setPodStatus,
  startLifecycle,
  taskObject,
  terminatedStatus,
  type Lifecycle,
} from '../task-lifecycle/lifecycle-harness.js';

describe('resolve-dependencies: readiness gates (integration)', function () {
  this.timeout(60_000);
  let lc: Lifecycle;
  let ns: string;
  let driver: Driver;

  before(async function () {
    this.timeout(180_000);
    lc = await startLifecycle();
  });
  after(async () => {
    await lc?.stop();
  });
  beforeEach(async () => {
    ns = await lc.cluster.newNamespace('resolve');
    await createSecret(lc.kube, ns, 'anthropic-api-key', { ANTHROPIC_API_KEY: 'sk-test' });
    driver = eventDriver(lc, ns);
  });

  const create = (name: string, spec: Parameters<typeof taskObject>[2] = {}) =>
    lc.kube.create<TaskObject>(taskObject(ns, name, spec));
  const task = async (name: string) => (await getTask(lc.kube, ns, name))!;
  const finishPod = async (name: string, exitCode: number, outputs: string[] = []) => {
    const pod = (await getPod(lc.kube, ns, name))!;
    await setPodStatus(lc.kube, pod, terminatedStatus('claude-code', exitCode, outputs));
    await driver.settle();
  };

  it('case 19: a dependent Task waits, without a Pod, until its dependency succeeds', async () => {
    await create('dep-task-a');
    await create('dep-task-b', { dependsOn: ['dep-task-a'] });
    await driver.settle();
    expect((await task('dep-task-b')).status).to.include({
      phase: 'Waiting',
      message: 'Waiting for dependency "dep-task-a"',
    });
    expect(await getPod(lc.kube, ns, 'dep-task-b')).to.equal(undefined);
    expect(await getPod(lc.kube, ns, 'dep-task-a')).to.not.equal(undefined);
    await finishPod('dep-task-a', 0);
    expect((await task('dep-task-a')).status?.phase).to.equal('Succeeded');
    expect(await getPod(lc.kube, ns, 'dep-task-b')).to.not.equal(undefined);
  });

  it('waits for a dependency that does not exist yet, then proceeds when it is created and succeeds', async () => {
    await create('late-b', { dependsOn: ['late-a'] });
    await driver.settle();
    expect((await task('late-b')).status).to.include({
      phase: 'Waiting',
      message: 'Waiting for dependency "late-a" to be created',
    });
    await create('late-a');
    await driver.settle();
    await finishPod('late-a', 0);
    expect(await getPod(lc.kube, ns, 'late-b')).to.not.equal(undefined);
  });

  it('case 20: a failed dependency fails the dependent Task, naming it, with completionTime', async () => {
    await create('dep-task-a');
    await create('dep-task-b', { dependsOn: ['dep-task-a'] });
    await driver.settle();
    await finishPod('dep-task-a', 1);
    expect((await task('dep-task-a')).status?.phase).to.equal('Failed');
    const b = await task('dep-task-b');
    expect(b.status).to.include({ phase: 'Failed', message: 'Dependency "dep-task-a" failed' });
    expect(b.status?.completionTime).to.be.a('string');
    expect(await getPod(lc.kube, ns, 'dep-task-b')).to.equal(undefined);
  });

  it('case 21/28: a second Task on the same branch waits for the lock and starts when the first completes', async () => {
    await createWorkspace(lc.kube, ns, 'ws');
    await create('branch-a', { branch: 'feature-1', workspaceRef: { name: 'ws' } });
    await driver.settle();
    await create('branch-b', { branch: 'feature-1', workspaceRef: { name: 'ws' } });
    await driver.settle();
    expect((await task('branch-b')).status).to.include({
      phase: 'Waiting',
      message: 'Waiting for branch "feature-1" (locked by branch-a)',
    });
    expect(await getPod(lc.kube, ns, 'branch-b')).to.equal(undefined);
    await finishPod('branch-a', 0);
    expect(await getPod(lc.kube, ns, 'branch-b')).to.not.equal(undefined);
  });

  it('locks a branch without a workspace by the key ":<branch>"', async () => {
    await create('nows-a', { branch: 'feature-x' });
    await driver.settle();
    await create('nows-b', { branch: 'feature-x' });
    await driver.settle();
    expect((await task('nows-b')).status?.message).to.equal(
      'Waiting for branch "feature-x" (locked by nows-a)',
    );
  });

  it('deleting the Task that holds a branch lets the next Task take it (delete event only)', async () => {
    await create('holder', { branch: 'feature-d' });
    await driver.settle();
    await create('next', { branch: 'feature-d' });
    await driver.settle();
    expect((await task('next')).status?.message).to.equal(
      'Waiting for branch "feature-d" (locked by holder)',
    );
    const holder = await task('holder');
    await lc.kube.delete({ apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', namespace: ns, name: 'holder' });
    for (const d of route(lc, holder, 'delete')) await deliver(d);
    const next = await task('next');
    expect(next.status?.conditions?.find((c) => c.type === 'Admitted')?.status).to.equal('True');
  });

  it('case 23: the same branch on different workspaces does not block', async () => {
    await createWorkspace(lc.kube, ns, 'ws-1');
    await createWorkspace(lc.kube, ns, 'ws-2');
    await create('ws1-task', { branch: 'feature-1', workspaceRef: { name: 'ws-1' } });
    await create('ws2-task', { branch: 'feature-1', workspaceRef: { name: 'ws-2' } });
    await driver.settle();
    expect((await listPods(lc.kube, ns)).map((p) => p.metadata.name).sort()).to.deep.equal([
      'ws1-task',
      'ws2-task',
    ]);
  });

  it('case 24: circular dependencies fail with "Circular dependency detected"', async () => {
    await create('cycle-a', { dependsOn: ['cycle-b'] });
    await create('cycle-b', { dependsOn: ['cycle-a'] });
    await driver.settle();
    const statuses = [(await task('cycle-a')).status, (await task('cycle-b')).status];
    expect(
      statuses.some(
        (s) => s?.phase === 'Failed' && s.message?.startsWith('Circular dependency detected: cycle involves'),
      ),
    ).to.equal(true);
    expect(statuses.every((s) => s?.phase === 'Failed')).to.equal(true);
    expect(await listPods(lc.kube, ns)).to.have.length(0);
  });

  it('case 25: a prompt template with dependency Outputs renders into the Pod args', async () => {
    await create('tmpl-task-a');
    await create('tmpl-task-b', {
      dependsOn: ['tmpl-task-a'],
      prompt: 'Outputs: {{ index .Deps "tmpl-task-a" "Outputs" }}',
    });
    await driver.settle();
    await finishPod('tmpl-task-a', 0, ['branch: feature-123', 'commit: abc']);
    const pod = (await getPod(lc.kube, ns, 'tmpl-task-b'))!;
    expect(pod.spec?.containers[0]?.args?.[0]).to.contain('branch: feature-123');
    expect(pod.spec?.containers[0]?.args?.[0]).to.equal('Outputs: [branch: feature-123 commit: abc]');
  });

  it('case 26: a prompt template with dependency Results renders exactly', async () => {
    await create('results-task-a');
    await create('results-task-b', {
      dependsOn: ['results-task-a'],
      prompt: 'Review branch {{ index .Deps "results-task-a" "Results" "branch" }}',
    });
    await driver.settle();
    await finishPod('results-task-a', 0, ['branch: feature-456']);
    const pod = (await getPod(lc.kube, ns, 'results-task-b'))!;
    expect(pod.spec?.containers[0]?.args?.[0]).to.equal('Review branch feature-456');
  });

  it('a broken template fails only its own Task, quoting the error', async () => {
    await create('up');
    await create('broken', { dependsOn: ['up'], prompt: 'Use {{ .Deps.up.Results.nope }}' });
    await create('fine', { dependsOn: ['up'], prompt: 'Use {{ index .Deps "up" "Results" "branch" }}' });
    await driver.settle();
    await finishPod('up', 0, ['branch: b1']);
    const broken = await task('broken');
    expect(broken.status?.phase).to.equal('Failed');
    expect(broken.status?.message).to.equal(
      'Failed to render prompt: template: prompt:1: executing "prompt" at <.Deps.up.Results.nope>: map has no entry for key "nope"',
    );
    expect(await getPod(lc.kube, ns, 'broken')).to.equal(undefined);
    expect((await getPod(lc.kube, ns, 'fine'))?.spec?.containers[0]?.args?.[0]).to.equal('Use b1');
  });

  it('a missing credentials Secret leaves the Task Waiting, naming it, until it appears', async () => {
    await create('no-secret', { credentials: { type: 'oauth', secretRef: { name: 'claude-oauth' } } });
    await driver.settle();
    expect((await task('no-secret')).status).to.include({
      phase: 'Waiting',
      message: 'Waiting for Secret "claude-oauth" to be created',
    });
    await createSecret(lc.kube, ns, 'claude-oauth', { ANTHROPIC_API_KEY: 'wrong key' });
    await driver.settle();
    expect((await task('no-secret')).status?.message).to.equal(
      'Waiting for Secret "claude-oauth" to have key "CLAUDE_CODE_OAUTH_TOKEN"',
    );
    expect(await getPod(lc.kube, ns, 'no-secret')).to.equal(undefined);
  });

  it('a missing Workspace leaves the Task Waiting (not Failed) until it is created', async () => {
    await create('needs-ws', { workspaceRef: { name: 'later-ws' } });
    await driver.settle();
    expect((await task('needs-ws')).status).to.include({
      phase: 'Waiting',
      message: 'Waiting for Workspace "later-ws" to be created',
    });
    await createWorkspace(lc.kube, ns, 'later-ws');
    await driver.settle();
    expect(await getPod(lc.kube, ns, 'needs-ws')).to.not.equal(undefined);
  });
});
