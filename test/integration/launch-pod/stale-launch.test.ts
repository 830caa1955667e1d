/**
 * Regression (found by the storm: `npm run storm -- --seed 2 --events 446
 * --early-pod-deletes`, one-pod-per-task): a launch-pod replica that read a
 * Task before its Pod was recorded (now: any read before the agent runs,
 * since launch-pod records nothing), and creates after that Pod was deleted,
 * must not make a second Pod (a second paid agent run). Played here step by
 * step on the real API server: replica "stale" reads the Task and is held at
 * its Pod create; replica "fresh" launches the Task; the Pod is deleted and
 * capture-outputs fails the Task; then "stale" goes on. The Pod's finalizer
 * (core/task/pod-tombstone.ts) keeps the deleted Pod's name taken, so its
 * create gets AlreadyExists. Also: the finalizer never outlives the Task
 * (event, lost event + resync, foreground deletion, a namesake Task).
 */
import { expect } from 'chai';
import { POD_FINALIZER } from '../../../functions/core/api/constants.js';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import type { KubePort } from '../../../functions/core/k8s/port.js';
import type { TaskObject } from '../../../functions/core/task/objects.js';
import { readConfig, type LaunchPodConfig } from '../../../functions/launch-pod/config.js';
import { handle } from '../../../functions/launch-pod/handler.js';
import { releaseTombstone } from '../../../functions/capture-outputs/release-tombstone.js';
import { apiServerRefEvent, postEvent } from '../../support/cloudevents.js';
import { captureLogger } from '../../support/capture-logger.js';
import { startHandlerServer, type FunctionServer } from '../../support/functions.js';
import {
  createAdmittedTask,
  eventually,
  getPod,
  getTask,
  sendObjectEvent,
  sendPing,
  startHarness,
  TASK_API,
  taskObject,
  type Harness,
} from './harness.js';

describe('launch-pod: a launch from a stale read never makes a second Pod (integration)', function () {
  this.timeout(150_000);
  // The garbage collector learns new CRD kinds on its discovery resync (every 30 s): waits on it are long.
  const GC_MS = 100_000;
  let h: Harness;
  let ns: string;
  let stale: FunctionServer;
  /** Set while a test holds the stale replica at its Pod create. */
  let gate: { reached: () => void; open: Promise<void> } | undefined;

  before(async function () {
    this.timeout(180_000);
    h = await startHarness('stale');
    ns = h.ns;
    // The real client, except that a Pod create waits for the test's gate to open.
    const kube: KubePort = new Proxy(h.kube, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== 'create' || typeof value !== 'function') return value;
        return async (obj: KubeObject) => {
          if (obj.kind === 'Pod' && gate) {
            gate.reached();
            await gate.open;
          }
          return (value as KubePort['create']).call(target, obj);
        };
      },
    });
    stale = await startHandlerServer<LaunchPodConfig>({
      name: 'launch-pod',
      handle,
      readConfig,
      env: { KUBECONFIG: h.cluster.kubeconfigPath, KELOS_WATCH_NAMESPACE: ns },
      kube,
    });
  });
  after(async () => {
    await stale?.stop();
    await h?.stop();
  });

  const podRef = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', namespace: ns, name });
  const taskRef = (name: string) => ({ apiVersion: TASK_API, kind: 'Task', namespace: ns, name });
  const podEvent = async (name: string, verb: 'update' | 'delete' = 'update') =>
    sendObjectEvent(h.capture, verb, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns } });

  async function launched(name: string): Promise<{ task: TaskObject; podUid: string }> {
    const task = await createAdmittedTask(h.kube, taskObject(ns, name));
    expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(202);
    const pod = (await getPod(h.kube, ns, name))!;
    expect(pod.metadata.finalizers).to.deep.equal([POD_FINALIZER]);
    return { task: (await getTask(h.kube, ns, name))!, podUid: pod.metadata.uid! };
  }

  it('stale read → Pod created, recorded and deleted → Task failed → stale create: AlreadyExists, still one Pod', async () => {
    const task = await createAdmittedTask(h.kube, taskObject(ns, 'stale'));
    let reached!: () => void;
    const atCreate = new Promise<void>((r) => (reached = r));
    let open!: () => void;
    gate = { reached, open: new Promise<void>((r) => (open = r)) };
    // The stale replica reads the Task (admitted, no Pod) and stops just before its create.
    const staleAnswer = postEvent(
      stale.url,
      apiServerRefEvent('add', {
        apiVersion: TASK_API,
        kind: 'Task',
        metadata: { name: 'stale', namespace: ns },
      }),
    );
    await atCreate;
    gate = undefined;

    expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(202);
    const first = (await getPod(h.kube, ns, 'stale'))!;
    // Not recorded in the Task (launch-pod writes nothing after its create): the stale replica's
    // read is no staler than a fresh one, and only the Pod's name being taken stops a second Pod.
    expect((await getTask(h.kube, ns, 'stale'))!.status).to.include({ phase: 'Pending' });
    expect((await getTask(h.kube, ns, 'stale'))!.status?.podName).to.equal(undefined);
    await h.kube.delete(podRef('stale'), { uid: first.metadata.uid! });
    // The deleted Pod stays, Terminating, while its Task lives.
    const deleting = (await getPod(h.kube, ns, 'stale'))!;
    expect(deleting.metadata.uid).to.equal(first.metadata.uid);
    expect(deleting.metadata.deletionTimestamp).to.be.a('string');
    expect(await podEvent('stale')).to.equal(202);
    const failed = (await getTask(h.kube, ns, 'stale'))!;
    expect(failed.status).to.include({
      phase: 'Failed',
      message: 'Pod stale was deleted before the agent finished',
      podName: 'stale',
    });

    open();
    expect((await staleAnswer).status).to.equal(202);
    const after = await getPod(h.kube, ns, 'stale');
    expect(after?.metadata.uid, 'a second Pod was created for the Task').to.equal(first.metadata.uid);
    const task2 = (await getTask(h.kube, ns, 'stale'))!;
    expect(task2.status?.phase).to.equal('Failed');
    expect(task2.status?.message).to.equal('Pod stale was deleted before the agent finished');

    // Once the Task is gone, capture-outputs lets the Pod go.
    await h.kube.delete(taskRef('stale'), { propagationPolicy: 'Background' });
    expect(await podEvent('stale')).to.equal(202);
    await eventually('the Pod to be gone', async () => (await getPod(h.kube, ns, 'stale')) === undefined);
  });

  it('a Pod deleted before its Task recorded it: the resync sweep makes no second Pod, the Task fails', async () => {
    const task = await createAdmittedTask(h.kube, taskObject(ns, 'unrecorded'));
    // launch-pod records nothing after its create: the Task stays admitted and Pending, as it was.
    expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(202);
    const pod = (await getPod(h.kube, ns, 'unrecorded'))!;
    expect((await getTask(h.kube, ns, 'unrecorded'))!.metadata.resourceVersion).to.equal(
      task.metadata.resourceVersion,
    );
    await h.kube.delete(podRef('unrecorded'), { uid: pod.metadata.uid! });
    expect(await sendPing(h.launch)).to.equal(202);
    expect((await getPod(h.kube, ns, 'unrecorded'))?.metadata.uid).to.equal(pod.metadata.uid);
    expect(await podEvent('unrecorded')).to.equal(202);
    const t = (await getTask(h.kube, ns, 'unrecorded'))!;
    expect(t.status?.phase).to.equal('Failed');
    expect(t.status?.message).to.equal('Pod unrecorded was deleted before the agent finished');
  });

  it('a Task deleted while its Pod event is lost: the resync sweep lets the Pod go, and only that one', async () => {
    await launched('lost-event');
    await launched('alive');
    await h.kube.delete(podRef('alive'));
    await h.kube.delete(taskRef('lost-event'), { propagationPolicy: 'Background' });
    expect(await sendPing(h.capture)).to.equal(202);
    await eventually(
      'the Pod to be gone',
      async () => (await getPod(h.kube, ns, 'lost-event')) === undefined,
      GC_MS,
    );
    // The deleted Pod of a live Task keeps its finalizer: it is what stops a second Pod.
    const alive = (await getPod(h.kube, ns, 'alive'))!;
    expect(alive.metadata.deletionTimestamp).to.be.a('string');
    expect(alive.metadata.finalizers).to.deep.equal([POD_FINALIZER]);
  });

  it('a release from an old read of the Pod (Conflict) reads it again and still lets it go', async () => {
    await launched('conflict');
    const old = (await getPod(h.kube, ns, 'conflict'))!;
    await h.kube.delete(taskRef('conflict'), { propagationPolicy: 'Background' });
    await h.kube.patch(podRef('conflict'), { metadata: { annotations: { touched: 'yes' } } });
    const log = captureLogger();
    expect(await releaseTombstone({ kube: h.kube, log }, old, undefined)).to.equal(true);
    const pod = await getPod(h.kube, ns, 'conflict');
    expect(pod?.metadata.finalizers ?? []).to.deep.equal([]);
    expect(log.lines.some((l) => l.message === 'released the Pod of a gone Task')).to.equal(true);
  });

  it('a Task deleted in the foreground is not held up by its Pod', async () => {
    await launched('foreground');
    await h.kube.delete(taskRef('foreground'), { propagationPolicy: 'Foreground' });
    // The garbage collector deletes the Pod first; its event reaches capture-outputs.
    await eventually(
      'the GC to delete the Pod',
      async () => {
        const pod = await getPod(h.kube, ns, 'foreground');
        return !!pod?.metadata.deletionTimestamp;
      },
      GC_MS,
    );
    expect(await podEvent('foreground')).to.equal(202);
    await eventually(
      'the Task to be gone',
      async () => (await getTask(h.kube, ns, 'foreground')) === undefined,
      GC_MS,
    );
    expect(await getPod(h.kube, ns, 'foreground')).to.equal(undefined);
  });

  it('a namesake Task waits for the old Pod, which goes once capture-outputs sees it, then gets its own', async () => {
    const { task: old } = await launched('namesake');
    await h.kube.delete(taskRef('namesake'), { propagationPolicy: 'Background' });
    const again = await createAdmittedTask(h.kube, taskObject(ns, 'namesake'));
    expect(again.metadata.uid).to.not.equal(old.metadata.uid);
    // The old Pod still holds the name (nobody told capture-outputs yet): 503, retried.
    const refused = await postEvent(
      h.launch.url,
      apiServerRefEvent('add', {
        apiVersion: TASK_API,
        kind: 'Task',
        metadata: { name: 'namesake', namespace: ns },
      }),
    );
    expect(refused.status).to.equal(503);
    expect(await podEvent('namesake')).to.equal(202);
    await eventually(
      'the old Pod to be gone',
      async () => {
        const pod = await getPod(h.kube, ns, 'namesake');
        return !pod || pod.metadata.ownerReferences?.[0]?.uid === again.metadata.uid;
      },
      GC_MS,
    );
    expect(await sendObjectEvent(h.launch, 'add', again)).to.equal(202);
    const pod = (await getPod(h.kube, ns, 'namesake'))!;
    expect(pod.metadata.ownerReferences?.[0]?.uid).to.equal(again.metadata.uid);
    expect(pod.metadata.finalizers).to.deep.equal([POD_FINALIZER]);
  });
});
