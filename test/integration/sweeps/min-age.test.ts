/**
 * The sweeps' minimum age (core/runtime/sweep-min-age.ts) against the real API
 * server: each changed sweep leaves an object written less than
 * KELOS_SWEEP_MIN_AGE ago to its own event (in flight in a long burst), and
 * handles the same object on a tick once it is old enough, as it would a lost
 * event. The functions' clock is injected (now + offset): no sleeps.
 * Also: capture-outputs' sweep reads no Task whose listed Task and Pod say
 * nothing is to be written (sweep-skip.ts).
 */
import { expect } from 'chai';
import { API_VERSION } from '../../../functions/core/api/constants.js';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import type { KubePort } from '../../../functions/core/k8s/port.js';
import type { Handler } from '../../../functions/core/runtime/contract.js';
import { findCondition } from '../../../functions/core/task/conditions.js';
import { handle as captureHandle } from '../../../functions/capture-outputs/handler.js';
import { readConfig as captureConfig } from '../../../functions/capture-outputs/config.js';
import { handle as launchHandle } from '../../../functions/launch-pod/handler.js';
import { readConfig as launchConfig } from '../../../functions/launch-pod/config.js';
import { handle as resolveHandle } from '../../../functions/resolve-dependencies/handler.js';
import { readConfig as resolveConfig } from '../../../functions/resolve-dependencies/config.js';
import { startHandlerServer, type FunctionServer } from '../../support/functions.js';
import {
  createAdmittedTask,
  createSecret,
  getPod,
  getTask,
  kubeletRunning,
  sendObjectEvent,
  sendPing,
  setPodStatus,
  startHarness,
  taskObject,
  type Harness,
} from '../launch-pod/harness.js';

const MIN_AGE_MS = 30_000;
/** Past the minimum age (and the write's second, rounded up). */
const OLD_ENOUGH_MS = MIN_AGE_MS + 2_000;

/** Counts the function's reads of Tasks (GET), to show what a sweep did not read. */
function countingKube(kube: KubePort, taskGets: string[]): KubePort {
  return new Proxy(kube, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop !== 'get' || typeof value !== 'function') return value;
      return (ref: { kind: string; name: string }) => {
        if (ref.kind === 'Task') taskGets.push(ref.name);
        return (value as KubePort['get']).call(target, ref as Parameters<KubePort['get']>[0]);
      };
    },
  });
}

describe('resync sweeps leave objects younger than KELOS_SWEEP_MIN_AGE to their events (integration)', function () {
  this.timeout(120_000);
  let h: Harness;
  let ns: string;
  let offsetMs = 0;
  const taskGets: string[] = [];
  const servers: FunctionServer[] = [];
  let resolve: FunctionServer;
  let launch: FunctionServer;
  let capture: FunctionServer;

  async function serve<C>(name: string, handle: Handler<C>, readConfig: (env: NodeJS.ProcessEnv) => C) {
    const kube = countingKube(h.kube, name === 'capture-outputs' ? taskGets : []);
    const server = await startHandlerServer<C>({
      name,
      handle,
      readConfig,
      kube,
      now: () => new Date(Date.now() + offsetMs),
      env: { KELOS_WATCH_NAMESPACE: ns, KELOS_SWEEP_MIN_AGE: `${MIN_AGE_MS / 1000}s` },
    });
    servers.push(server);
    return server;
  }

  before(async function () {
    this.timeout(180_000);
    h = await startHarness('sweep-age');
    ns = h.ns;
    await createSecret(h.kube, ns, 'anthropic-api-key', { ANTHROPIC_API_KEY: 'sk-test' });
    resolve = await serve('resolve-dependencies', resolveHandle, resolveConfig);
    launch = await serve('launch-pod', launchHandle, launchConfig);
    capture = await serve('capture-outputs', captureHandle, captureConfig);
  });
  after(async () => {
    for (const s of servers) await s.stop();
    await h?.stop();
  });
  beforeEach(() => {
    offsetMs = 0;
    taskGets.length = 0;
  });

  const admitted = async (name: string) =>
    findCondition((await getTask(h.kube, ns, name))?.status?.conditions, 'Admitted')?.status === 'True';

  it('resolve-dependencies: a new Task is left to its add event, then resolved by a tick once old enough', async () => {
    await h.kube.create(taskObject(ns, 'new-task'));
    expect(await sendPing(resolve)).to.equal(202);
    expect((await getTask(h.kube, ns, 'new-task'))?.status).to.equal(undefined);
    offsetMs = OLD_ENOUGH_MS;
    expect(await sendPing(resolve)).to.equal(202);
    expect(await admitted('new-task')).to.equal(true);
  });

  it('resolve-dependencies: a Waiting Task is not left, however young (no event of its own comes back)', async () => {
    const spec = { credentials: { type: 'api-key' as const, secretRef: { name: 'late-secret' } } };
    await h.kube.create(taskObject(ns, 'waits', spec));
    offsetMs = OLD_ENOUGH_MS;
    expect(await sendPing(resolve)).to.equal(202);
    const waiting = (await getTask(h.kube, ns, 'waits'))!;
    expect(waiting.status?.phase).to.equal('Waiting');
    await createSecret(h.kube, ns, 'late-secret', { ANTHROPIC_API_KEY: 'sk-test' });
    // The Waiting write was just now: young by the clock, and still resolved on this tick.
    offsetMs = 0;
    expect(await sendPing(resolve)).to.equal(202);
    expect(await admitted('waits')).to.equal(true);
  });

  it('launch-pod: an admitted Task is left to its admitted event, then launched by a tick once old enough', async () => {
    await createAdmittedTask(h.kube, taskObject(ns, 'just-admitted'));
    expect(await sendPing(launch)).to.equal(202);
    expect(await getPod(h.kube, ns, 'just-admitted')).to.equal(undefined);
    offsetMs = OLD_ENOUGH_MS;
    expect(await sendPing(launch)).to.equal(202);
    const task = (await getTask(h.kube, ns, 'just-admitted'))!;
    expect((await getPod(h.kube, ns, 'just-admitted'))?.metadata.ownerReferences?.[0]?.uid).to.equal(
      task.metadata.uid,
    );
  });

  it('capture-outputs: a Pod no kubelet reported on costs the sweep no read of its Task', async () => {
    const task = await createAdmittedTask(h.kube, taskObject(ns, 'unstarted'));
    expect(await sendObjectEvent(launch, 'add', task)).to.equal(202);
    expect(await getPod(h.kube, ns, 'unstarted')).to.not.equal(undefined);
    offsetMs = OLD_ENOUGH_MS;
    expect(await sendPing(capture)).to.equal(202);
    expect(taskGets).to.not.include('unstarted');
    expect((await getTask(h.kube, ns, 'unstarted'))?.status?.phase).to.equal('Pending');
  });

  it('capture-outputs: a Pod written just now is left to its own event, then captured by a tick once old enough', async () => {
    const task = await createAdmittedTask(h.kube, taskObject(ns, 'starts-running'));
    expect(await sendObjectEvent(launch, 'add', task)).to.equal(202);
    await setPodStatus(h.kube, ns, 'starts-running', kubeletRunning('claude-code'));
    expect(await sendPing(capture)).to.equal(202);
    expect(taskGets).to.not.include('starts-running');
    expect((await getTask(h.kube, ns, 'starts-running'))?.status?.phase).to.equal('Pending');
    offsetMs = OLD_ENOUGH_MS;
    expect(await sendPing(capture)).to.equal(202);
    const running = (await getTask(h.kube, ns, 'starts-running'))!;
    expect(running.status?.phase).to.equal('Running');
    expect(running.status?.podName).to.equal('starts-running');
  });

  it('with KELOS_SWEEP_MIN_AGE=0 a tick handles a Task written just now (the rule is off)', async () => {
    const off = await startHandlerServer({
      name: 'launch-pod',
      handle: launchHandle,
      readConfig: launchConfig,
      env: { KUBECONFIG: h.cluster.kubeconfigPath, KELOS_WATCH_NAMESPACE: ns, KELOS_SWEEP_MIN_AGE: '0' },
    });
    try {
      await createAdmittedTask(h.kube, taskObject(ns, 'rule-off'));
      expect(await sendPing(off)).to.equal(202);
      expect(await getPod(h.kube, ns, 'rule-off')).to.not.equal(undefined);
    } finally {
      await off.stop();
    }
  });

  it('the objects the API server returns carry managed-fields times (what "written" is read from)', async () => {
    const task = (await h.kube.get<KubeObject>({
      apiVersion: API_VERSION,
      kind: 'Task',
      namespace: ns,
      name: 'new-task',
    }))!;
    const times = (task.metadata.managedFields ?? []).map((f) => f.time);
    expect(times.length).to.be.greaterThan(0);
    for (const t of times) expect(Number.isNaN(Date.parse(t ?? ''))).to.equal(false);
  });
});
