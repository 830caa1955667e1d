/**
 * The whole local event plane against the real API server, with recorders
 * standing in for the functions: it reads knative/, watches what the
 * ApiServerSource names, emits Knative-shaped events, routes them by the
 * Triggers, ticks the PingSource, accepts events at the broker ingress and
 * keeps working across watch reconnects.
 */
import { FUNCTION_NAMES as FUNCTIONS } from '../../../functions/names.js';
import { expect } from 'chai';
import { join } from 'node:path';
import type { PlaneEvent } from '../../../scripts/event-plane/cloud-event.js';
import { startEventPlane, type EventPlane } from '../../../scripts/event-plane/event-plane.js';
import { encodeBinary } from '../../../scripts/event-plane/http-binding.js';
import { REPO_ROOT, useCluster, type Cluster } from '../../support/cluster.js';
import { eventually } from '../../support/eventually.js';
import { startRecorder, type Recorder } from './recorder.js';

const task = (ns: string, name: string) => ({
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'Task',
  metadata: { name, namespace: ns },
  spec: { type: 'claude-code', prompt: 'hello', credentials: { type: 'api-key', secretRef: { name: 'k' } } },
});
const pod = (ns: string, name: string, labels: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

describe('local event plane against the real API server', function () {
  this.timeout(120_000);
  let cluster: Cluster;
  let ns: string;
  let plane: EventPlane;
  const rec = {} as Record<(typeof FUNCTIONS)[number], Recorder>;
  const apply = async (obj: object) => {
    const r = await cluster.kubectl(['apply', '-f', '-'], { input: JSON.stringify(obj) });
    if (r.code !== 0) throw new Error(r.stderr);
  };
  const forObject = (name: string, type: string) => (e: PlaneEvent) =>
    e.attributes.name === name && e.attributes.type === type;

  before(async () => {
    cluster = await useCluster();
    await cluster.applyCrds();
    ns = await cluster.newNamespace('event-plane');
    for (const f of FUNCTIONS) rec[f] = await startRecorder();
    plane = await startEventPlane({
      manifestsDir: join(REPO_ROOT, 'knative'),
      kubeconfigPath: cluster.kubeconfigPath,
      services: Object.fromEntries(FUNCTIONS.map((f) => [f, rec[f].url])),
      resyncSeconds: 1,
      timeScale: 0.05,
      watchTimeoutSeconds: 2, // forces reconnects during the test
      log: { info: () => undefined, warn: () => undefined },
    });
    await plane.synced;
  });
  after(async () => {
    await plane?.stop();
    await Promise.all(Object.values(rec).map((r) => r.close()));
  });

  it('sends a Task add, in Resource mode (the object as data), to resolve-dependencies only', async () => {
    await apply(task(ns, 'first'));
    for (const f of ['resolve-dependencies'] as const) {
      const e = await rec[f].waitFor(forObject('first', 'dev.knative.apiserver.resource.add'));
      expect(e.attributes).to.include({
        source: cluster.server,
        subject: `/apis/kelos.dev/v1alpha1/namespaces/${ns}/tasks/first`,
        kind: 'Task',
        apiversion: 'kelos.dev/v1alpha1',
        namespace: ns,
        specversion: '1.0',
      });
      expect(e.data).to.deep.include({ kind: 'Task', apiVersion: 'kelos.dev/v1alpha1' });
      expect((e.data as { metadata: object }).metadata).to.deep.include({ name: 'first', namespace: ns });
      expect((e.data as { spec: object }).spec).to.deep.include({ prompt: 'hello' });
    }
    await plane.brokers.get('/kelos-system/kelos')!.idle();
    for (const f of ['launch-pod', 'capture-outputs', 'spawn', 'report-github', 'github-source'] as const)
      expect(
        rec[f].events.filter(forObject('first', 'dev.knative.apiserver.resource.add')),
        f,
      ).to.have.length(0);
  });

  it('follows updates and deletes', async () => {
    await cluster.kubectl(['label', 'task', 'first', '-n', ns, 'x=y']);
    // No Trigger takes Task updates (status writes): the broker still receives the update.
    await eventually('the update in the broker', async () =>
      plane.brokers
        .get('/kelos-system/kelos')!
        .published.some(forObject('first', 'dev.knative.apiserver.resource.update')),
    );
    await cluster.kubectl(['delete', 'task', 'first', '-n', ns, '--wait=false']);
    await rec['resolve-dependencies'].waitFor(forObject('first', 'dev.knative.apiserver.resource.delete'));
    await rec.spawn.waitFor(forObject('first', 'dev.knative.apiserver.resource.delete'));
  });

  it('sends changes of Pods labelled kelos.dev/task to capture-outputs only (not their adds), and ignores other Pods', async () => {
    await apply(pod(ns, 'other-pod', { app: 'x' }));
    await apply(pod(ns, 'agent-pod', { 'kelos.dev/task': 'first' }));
    const broker = plane.brokers.get('/kelos-system/kelos')!;
    await eventually("the agent Pod's add to be published", async () =>
      broker.published.some(forObject('agent-pod', 'dev.knative.apiserver.resource.add')),
    );
    await apply(pod(ns, 'other-pod', { app: 'x', changed: 'yes' }));
    await apply(pod(ns, 'agent-pod', { 'kelos.dev/task': 'first', changed: 'yes' }));
    const e = await rec['capture-outputs'].waitFor(
      forObject('agent-pod', 'dev.knative.apiserver.resource.update'),
    );
    expect(e.attributes.subject).to.equal(`/apis/v1/namespaces/${ns}/pods/agent-pod`);
    await broker.idle();
    // A new Pod's add has nothing to record (the API server resets its status): routed nowhere.
    for (const r of Object.values(rec)) {
      expect(r.events.some((x) => x.attributes.name === 'other-pod')).to.equal(false);
      expect(r.events.some(forObject('agent-pod', 'dev.knative.apiserver.resource.add'))).to.equal(false);
    }
    expect(rec['resolve-dependencies'].events.some((x) => x.attributes.kind === 'Pod')).to.equal(false);
  });

  it('ticks the PingSource (shortened to 1 s) to every reconcile function', async () => {
    for (const f of ['resolve-dependencies', 'launch-pod', 'capture-outputs', 'spawn'] as const) {
      const tick = await rec[f].waitFor((e) => e.attributes.type === 'dev.knative.sources.ping');
      expect(tick.attributes.source).to.equal('/apis/v1/namespaces/kelos-system/pingsources/kelos-resync');
      expect(tick.data).to.deep.equal({ reason: 'resync' });
    }
  });

  it('gives github-source and the reconcile functions K_SINK = the broker ingress (SinkBindings); report-github emits nothing', () => {
    const url = plane.brokerUrl();
    expect(url).to.equal(`${plane.ingressBaseUrl}/kelos-system/kelos`);
    for (const f of FUNCTIONS.filter((f) => f !== 'report-github'))
      expect(plane.sinkEnv(f)).to.deep.equal({ K_SINK: url });
    expect(plane.sinkEnv('report-github')).to.deep.equal({});
  });

  it('routes events POSTed to the broker ingress (com.github.* → spawn; 400 for garbage)', async () => {
    const { headers, body } = encodeBinary({
      attributes: {
        specversion: '1.0',
        id: 'gh-1',
        source: 'https://api.github.com/repos/o/r',
        type: 'com.github.issue.opened',
        subject: '7',
      },
      data: { action: 'opened' },
    });
    const res = await fetch(plane.brokerUrl(), { method: 'POST', headers, body });
    expect(res.status).to.equal(202);
    const e = await rec.spawn.waitFor((x) => x.attributes.id === 'gh-1');
    expect(e.data).to.deep.equal({ action: 'opened' });
    const bad = await fetch(plane.brokerUrl(), { method: 'POST', headers: { 'ce-id': 'x' }, body: '' });
    expect(bad.status).to.equal(400);
    expect(
      (await fetch(`${plane.ingressBaseUrl}/kelos-system/nope`, { method: 'POST', headers, body })).status,
    ).to.equal(404);
  });

  it('keeps delivering after its watches time out and reconnect, without replaying old events', async () => {
    await new Promise((r) => setTimeout(r, 2500)); // past watchTimeoutSeconds
    const target = rec['resolve-dependencies'];
    const before = target.events.filter(
      (e) => e.attributes.type === 'dev.knative.apiserver.resource.add' && e.attributes.kind === 'Task',
    ).length;
    await apply(task(ns, 'second'));
    await target.waitFor(forObject('second', 'dev.knative.apiserver.resource.add'));
    const adds = target.events.filter(
      (e) => e.attributes.type === 'dev.knative.apiserver.resource.add' && e.attributes.kind === 'Task',
    );
    expect(adds.length).to.equal(before + 1);
  });
});
