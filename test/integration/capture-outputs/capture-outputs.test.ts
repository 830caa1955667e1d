/**
 * capture-outputs against the real API server (KELOS-BEHAVIOUR §8.1 cases
 * 1, 6-8, 17, 18 adapted), with launch-pod creating the Pods and the test
 * playing the kubelet through pods/status (container states and the
 * termination message carrying the outputs block).
 */
import { expect } from 'chai';
import type { KubeObject, Stored } from '../../../functions/core/api/kube-types.js';
import { apiServerResourceEvent, postEvent, type ObjectLike } from '../../support/cloudevents.js';
import { acquireBranchLease } from '../../../functions/core/branch-lock/branch-lease.js';
import type { TaskObject } from '../../../functions/core/task/objects.js';
import {
  agentStatus,
  createAdmittedTask,
  eventually,
  failedStatus,
  getPod,
  getTask,
  kubeletRunning,
  kubeletTerminated,
  sendObjectEvent,
  sendPing,
  setPodStatus,
  startHarness,
  taskObject,
  type Harness,
  TASK_API,
} from '../launch-pod/harness.js';

const OUTPUTS = [
  '---KELOS_OUTPUTS_START---',
  'branch: feature-123',
  'pr: https://github.com/example/repo/pull/7',
  'commit: 0123abcd',
  'cost-usd: 0.42',
  'input-tokens: 1200',
  'output-tokens: 340',
  '---KELOS_OUTPUTS_END---',
  '',
].join('\n');

describe('capture-outputs (integration)', function () {
  this.timeout(60_000);
  let h: Harness;
  let ns: string;

  before(async function () {
    this.timeout(180_000);
    // A short image-pull timeout so the test sees it enforced (the default is 5 minutes).
    h = await startHarness('capture', { KELOS_IMAGE_PULL_TIMEOUT: '3s' });
    ns = h.ns;
  });
  after(async () => h?.stop());

  /** Creates an admitted Task and lets launch-pod create its Pod. */
  async function launched(
    name: string,
    spec: Parameters<typeof taskObject>[2] = {},
    labels?: Record<string, string>,
  ): Promise<Stored<TaskObject>> {
    const task = await createAdmittedTask(h.kube, taskObject(ns, name, spec, labels));
    expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(202);
    expect(await getPod(h.kube, ns, name)).to.not.equal(undefined);
    return (await getTask(h.kube, ns, name))!;
  }

  async function podEvent(name: string): Promise<number> {
    const pod = (await getPod(h.kube, ns, name))!;
    return sendObjectEvent(h.capture, 'update', pod as unknown as KubeObject);
  }

  const eventsFor = (name: string) => h.sink.events.filter((e) => e.subject === name).map((e) => e.type);

  it('lifecycle: Pending → Running → Succeeded with outputs, results and usage; delete removes the Task', async () => {
    await launched('life');
    await setPodStatus(h.kube, ns, 'life', { phase: 'Pending', containerStatuses: [] });
    expect(await podEvent('life')).to.equal(202);
    expect((await getTask(h.kube, ns, 'life'))!.status?.phase).to.equal('Pending');

    await setPodStatus(h.kube, ns, 'life', kubeletRunning('claude-code'));
    expect(await podEvent('life')).to.equal(202);
    let task = (await getTask(h.kube, ns, 'life'))!;
    expect(task.status?.phase).to.equal('Running');
    expect(task.status?.startTime).to.be.a('string');
    expect(task.status?.message).to.equal('');

    await setPodStatus(h.kube, ns, 'life', kubeletTerminated('claude-code', 0, OUTPUTS));
    expect(await podEvent('life')).to.equal(202);
    task = (await getTask(h.kube, ns, 'life'))!;
    expect(task.status?.phase).to.equal('Succeeded');
    expect(task.status?.message).to.equal('Task completed successfully');
    expect(task.status?.completionTime).to.be.a('string');
    expect(task.status?.outputs).to.have.length(6);
    expect(task.status?.results).to.deep.include({
      branch: 'feature-123',
      pr: 'https://github.com/example/repo/pull/7',
      commit: '0123abcd',
    });
    expect(task.status?.usage).to.deep.equal({ inputTokens: 1200, outputTokens: 340, costUSD: '0.42' });
    expect(task.status?.conditions?.find((c) => c.type === 'Succeeded')?.status).to.equal('True');

    await h.kube.delete(
      { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', namespace: ns, name: 'life' },
      { propagationPolicy: 'Background' },
    );
    await eventually('Task gone', async () => (await getTask(h.kube, ns, 'life')) === undefined);
  });

  it('events: running then succeeded, with source, subject and a status summary', async () => {
    const names = await eventually('events', async () => {
      const types = eventsFor('life');
      return types.includes('dev.kelos.task.succeeded') ? types : undefined;
    });
    expect(names).to.deep.equal(['dev.kelos.task.running', 'dev.kelos.task.succeeded']);
    const done = h.sink.events.find((e) => e.subject === 'life' && e.type === 'dev.kelos.task.succeeded')!;
    expect(done.source).to.equal(`/apis/kelos.dev/v1alpha1/namespaces/${ns}/tasks/life`);
    expect(done.data).to.deep.include({ phase: 'Succeeded', message: 'Task completed successfully' });
    expect(done.data['results']).to.deep.include({ branch: 'feature-123' });
  });

  it('metrics: completed, duration and cost/token counters with their labels', async () => {
    const text = await (await fetch(`${h.capture.url}/metrics`)).text();
    expect(text).to.include(
      `kelos_task_completed_total{namespace="${ns}",type="claude-code",phase="Succeeded"} 1`,
    );
    expect(text).to.include(
      `kelos_task_cost_usd_total{namespace="${ns}",type="claude-code",spawner="",model="claude-sonnet-4-20250514"} 0.42`,
    );
    expect(text).to.include(
      `kelos_task_input_tokens_total{namespace="${ns}",type="claude-code",spawner="",model="claude-sonnet-4-20250514"} 1200`,
    );
    expect(text).to.include(
      `kelos_task_output_tokens_total{namespace="${ns}",type="claude-code",spawner="",model="claude-sonnet-4-20250514"} 340`,
    );
    expect(text).to.match(
      new RegExp(
        `kelos_task_duration_seconds_count\\{namespace="${ns}",type="claude-code",phase="Succeeded"\\} 1`,
      ),
    );
    const launchText = await (await fetch(`${h.launch.url}/metrics`)).text();
    expect(launchText).to.include(`kelos_task_created_total{namespace="${ns}",type="claude-code"}`);
  });

  it('a failing agent: Failed with its exit code, and a failed event', async () => {
    await launched('fails');
    await setPodStatus(h.kube, ns, 'fails', kubeletRunning('claude-code'));
    await podEvent('fails');
    await setPodStatus(h.kube, ns, 'fails', kubeletTerminated('claude-code', 1));
    expect(await podEvent('fails')).to.equal(202);
    const task = (await getTask(h.kube, ns, 'fails'))!;
    expect(task.status?.phase).to.equal('Failed');
    expect(task.status?.message).to.equal('Task failed: agent container claude-code exited with code 1');
    expect(task.status?.completionTime).to.be.a('string');
    await eventually('failed event', async () => eventsFor('fails').includes('dev.kelos.task.failed'));
  });

  it('a termination message cut by the kubelet and no log to fall back on: Succeeded, saying the outputs were lost', async () => {
    await launched('cut-block');
    const lines = Array.from({ length: 200 }, (_, i) => `r${i}: ${'v'.repeat(30)}`);
    const full = `---KELOS_OUTPUTS_START---\n${lines.join('\n')}\n---KELOS_OUTPUTS_END---\n`;
    // What the kubelet keeps: the last 4096 bytes.
    const cut = Buffer.from(full).subarray(-4096).toString('utf8');
    await setPodStatus(h.kube, ns, 'cut-block', kubeletTerminated('claude-code', 0, cut));
    expect(await podEvent('cut-block')).to.equal(202);
    const task = (await getTask(h.kube, ns, 'cut-block'))!;
    expect(task.status?.phase).to.equal('Succeeded');
    expect(task.status?.message).to.equal(
      'Task completed successfully (outputs lost: the termination message was cut at 4096 bytes and the log has no whole outputs block)',
    );
    expect(task.status?.outputs).to.equal(undefined);
  });

  it("a failing agent's own words (termination message without a block) reach the Task, secrets redacted", async () => {
    await launched('says-why');
    const said =
      'ANTHROPIC_API_KEY=sk-ant-api03-notforyoureyes\nError: Invalid API key · Fix external API key\n';
    await setPodStatus(h.kube, ns, 'says-why', kubeletTerminated('claude-code', 1, said));
    expect(await podEvent('says-why')).to.equal(202);
    const task = (await getTask(h.kube, ns, 'says-why'))!;
    expect(task.status?.phase).to.equal('Failed');
    expect(task.status?.message).to.equal(
      'Task failed: agent container claude-code exited with code 1: ANTHROPIC_API_KEY=[redacted] | Error: Invalid API key · Fix external API key',
    );
  });

  it('an image that cannot be pulled: Pending saying so, then Failed after the timeout (resync tick) and the Pod deleted', async () => {
    await launched('no-image');
    const waiting = (reason: string, message: string) => ({
      phase: 'Pending' as const,
      containerStatuses: [agentStatus('claude-code', { waiting: { reason, message } })],
    });
    await setPodStatus(h.kube, ns, 'no-image', waiting('ErrImagePull', 'pull access denied for nope/agent'));
    expect(await podEvent('no-image')).to.equal(202);
    const image = (await getPod(h.kube, ns, 'no-image'))!.spec.containers[0]!.image;
    let task = (await getTask(h.kube, ns, 'no-image'))!;
    expect(task.status?.phase).to.equal('Pending');
    expect(task.status?.message).to.equal(
      `Cannot pull image "${image}" for container claude-code: ErrImagePull (pull access denied for nope/agent)`,
    );
    await setPodStatus(h.kube, ns, 'no-image', waiting('ImagePullBackOff', 'Back-off pulling image'));
    expect(await podEvent('no-image')).to.equal(202);
    task = (await getTask(h.kube, ns, 'no-image'))!;
    expect(task.status?.message).to.include('ImagePullBackOff (Back-off pulling image)');
    // Nothing else happens to the Pod: only the resync tick can notice the time is up.
    task = await eventually(
      'the Task to fail',
      async () => {
        await sendPing(h.capture);
        const t = await getTask(h.kube, ns, 'no-image');
        return t?.status?.phase === 'Failed' ? t : undefined;
      },
      30_000,
      500,
    );
    expect(task.status?.message).to.equal(
      `Task failed: image "${image}" for container claude-code could not be pulled for 3s: ImagePullBackOff (Back-off pulling image)`,
    );
    // Deleted (the kubelet stops pulling); it stays Terminating while its Task lives (pod-tombstone.ts).
    await eventually(
      'the Pod to be deleted',
      async () => !!(await getPod(h.kube, ns, 'no-image'))?.metadata.deletionTimestamp,
    );
    await eventually('failed event', async () => eventsFor('no-image').includes('dev.kelos.task.failed'));
  });

  it('a Pod deleted under a Running Task fails it with a message that says so', async () => {
    await launched('deleted-pod');
    await setPodStatus(h.kube, ns, 'deleted-pod', kubeletRunning('claude-code'));
    await podEvent('deleted-pod');
    const pod = (await getPod(h.kube, ns, 'deleted-pod'))!;
    await h.kube.delete(
      { apiVersion: 'v1', kind: 'Pod', namespace: ns, name: 'deleted-pod' },
      { propagationPolicy: 'Background' },
    );
    // The Pod stays, Terminating, while its Task lives (pod-tombstone.ts): its update event tells.
    const deleting = (await getPod(h.kube, ns, 'deleted-pod'))!;
    expect(deleting.metadata.deletionTimestamp).to.be.a('string');
    expect(await sendObjectEvent(h.capture, 'update', pod as unknown as KubeObject)).to.equal(202);
    const task = (await getTask(h.kube, ns, 'deleted-pod'))!;
    expect(task.status?.phase).to.equal('Failed');
    expect(task.status?.message).to.equal('Pod deleted-pod was deleted before the agent finished');
    // Once the Task is deleted, the Pod goes too.
    await h.kube.delete({ apiVersion: TASK_API, kind: 'Task', namespace: ns, name: 'deleted-pod' });
    expect(await sendObjectEvent(h.capture, 'delete', pod as unknown as KubeObject)).to.equal(204);
    expect(await sendObjectEvent(h.capture, 'update', pod as unknown as KubeObject)).to.equal(202);
    await eventually('Pod gone', async () => (await getPod(h.kube, ns, 'deleted-pod')) === undefined);
  });

  it('an evicted Pod fails its Task with the eviction reason', async () => {
    await launched('evicted');
    await setPodStatus(h.kube, ns, 'evicted', {
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory.',
    });
    expect(await podEvent('evicted')).to.equal(202);
    expect((await getTask(h.kube, ns, 'evicted'))!.status?.message).to.equal(
      'Pod evicted was evicted: The node was low on resource: memory.',
    );
  });

  it('activeDeadlineSeconds exceeded (Pod Failed, DeadlineExceeded) fails the Task', async () => {
    await launched('deadline', { podOverrides: { activeDeadlineSeconds: 1 } });
    await setPodStatus(h.kube, ns, 'deadline', {
      phase: 'Failed',
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
    });
    expect(await podEvent('deadline')).to.equal(202);
    const task = (await getTask(h.kube, ns, 'deadline'))!;
    expect(task.status?.phase).to.equal('Failed');
    expect(task.status?.message).to.include('DeadlineExceeded');
  });

  it('Resource-mode Pod events (the whole Pod as data) work the same', async () => {
    await launched('resource-mode');
    const pod = await setPodStatus(h.kube, ns, 'resource-mode', kubeletTerminated('claude-code', 0, OUTPUTS));
    const res = await postEvent(
      h.capture.url,
      apiServerResourceEvent('update', pod as unknown as ObjectLike),
    );
    expect(res.status).to.equal(202);
    expect((await getTask(h.kube, ns, 'resource-mode'))!.status?.results).to.deep.include({
      branch: 'feature-123',
    });
  });

  it('the resync tick catches up on a lost Pod event', async () => {
    await launched('lost-event');
    await setPodStatus(h.kube, ns, 'lost-event', kubeletTerminated('claude-code', 0, OUTPUTS));
    expect(await sendPing(h.capture)).to.equal(202);
    expect((await getTask(h.kube, ns, 'lost-event'))!.status?.phase).to.equal('Succeeded');
  });

  it('duplicate and reordered Pod events end in the same status, counted once', async () => {
    await launched('dupes');
    await setPodStatus(h.kube, ns, 'dupes', kubeletTerminated('claude-code', 0, OUTPUTS));
    const answers = await Promise.all([0, 1, 2, 3].map(() => podEvent('dupes')));
    expect(answers.every((s) => s === 202)).to.equal(true);
    expect(await podEvent('dupes')).to.equal(202);
    expect((await getTask(h.kube, ns, 'dupes'))!.status?.phase).to.equal('Succeeded');
    await eventually('events', async () => eventsFor('dupes').includes('dev.kelos.task.succeeded'));
    expect(eventsFor('dupes').filter((t) => t === 'dev.kelos.task.succeeded')).to.have.length(1);
  });

  it('releases the branch Lease when the Task finishes', async () => {
    const task = await launched('locked', { branch: 'feature-lock' });
    const acquired = await acquireBranchLease(h.kube, task, new Date());
    expect(acquired.acquired).to.equal(true);
    const leases = () => h.kube.list<KubeObject>('coordination.k8s.io/v1', 'Lease', ns);
    expect(
      (await leases()).items.map((l) => (l['spec'] as { holderIdentity?: string }).holderIdentity),
    ).to.include('locked');
    await setPodStatus(h.kube, ns, 'locked', kubeletTerminated('claude-code', 0));
    expect(await podEvent('locked')).to.equal(202);
    expect(
      (await leases()).items.map((l) => (l['spec'] as { holderIdentity?: string }).holderIdentity),
    ).to.not.include('locked');
  });

  it("the deleted Task's Pod is garbage-collected through its ownerReference", async function () {
    // kube-controller-manager's garbage collector learns new CRD kinds on its discovery
    // resync (every 30 s), so right after the CRDs are applied this can take a while.
    this.timeout(120_000);
    // capture-outputs takes the finalizer off once the Task is gone (here by the tick, as if the Pod's event was lost).
    await eventually(
      'Pod garbage-collected',
      async () => {
        await sendPing(h.capture);
        return (await getPod(h.kube, ns, 'life')) === undefined;
      },
      100_000,
      500,
    );
  });

  describe('TTL', () => {
    it('ttlSecondsAfterFinished=N: the Task stays until N seconds after completion, then the tick deletes it', async () => {
      await launched('ttl-n', { ttlSecondsAfterFinished: 4 });
      await setPodStatus(h.kube, ns, 'ttl-n', kubeletTerminated('claude-code', 0));
      await podEvent('ttl-n');
      const finished = (await getTask(h.kube, ns, 'ttl-n'))!.status!;
      expect(finished.phase).to.equal('Succeeded');
      await sendPing(h.capture);
      expect(await getTask(h.kube, ns, 'ttl-n')).to.not.equal(undefined);
      await eventually(
        'TTL deletion',
        async () => {
          await sendPing(h.capture);
          return (await getTask(h.kube, ns, 'ttl-n')) === undefined;
        },
        25_000,
      );
      // Not deleted early: at least N seconds passed since completionTime.
      expect(Date.now() - Date.parse(finished.completionTime!)).to.be.at.least(4000);
    });

    it('ttlSecondsAfterFinished=0: deleted as soon as it finishes', async () => {
      await launched('ttl-0', { ttlSecondsAfterFinished: 0 });
      await setPodStatus(h.kube, ns, 'ttl-0', kubeletTerminated('claude-code', 0));
      expect(await podEvent('ttl-0')).to.equal(202);
      await eventually('deleted', async () => (await getTask(h.kube, ns, 'ttl-0')) === undefined);
    });

    it('no TTL: the finished Task stays', async () => {
      await launched('no-ttl');
      await setPodStatus(h.kube, ns, 'no-ttl', kubeletTerminated('claude-code', 0));
      await podEvent('no-ttl');
      for (let i = 0; i < 3; i++) {
        await sendPing(h.capture);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect((await getTask(h.kube, ns, 'no-ttl'))!.status?.phase).to.equal('Succeeded');
    });

    it('a Task that failed before any Pod existed is TTL-deleted too (Task event and tick)', async () => {
      const created = await h.kube.create<TaskObject>(
        taskObject(ns, 'failed-early', { ttlSecondsAfterFinished: 0 }),
      );
      const written = await h.kube.replaceStatus<TaskObject>({
        ...created,
        status: failedStatus('Dependency "x" failed', new Date().toISOString()),
      });
      expect(await sendObjectEvent(h.capture, 'update', written)).to.equal(202);
      expect(await getTask(h.kube, ns, 'failed-early')).to.equal(undefined);

      const other = await h.kube.create<TaskObject>(
        taskObject(ns, 'failed-no-time', { ttlSecondsAfterFinished: 1 }),
      );
      await h.kube.replaceStatus<TaskObject>({
        ...other,
        status: failedStatus('Circular dependency detected: cycle involves "a"'),
      });
      await eventually(
        'tick deletes a Failed Task without completionTime',
        async () => {
          await sendPing(h.capture);
          return (await getTask(h.kube, ns, 'failed-no-time')) === undefined;
        },
        25_000,
      );
    });
  });
});
