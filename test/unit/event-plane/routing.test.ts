import { expect } from 'chai';
import { join } from 'node:path';
import { apiServerEvent } from '../../../scripts/event-plane/apiserver-events.js';
import type { PlaneEvent } from '../../../scripts/event-plane/cloud-event.js';
import { matchTrigger, type TriggerFilterSpec } from '../../../scripts/event-plane/filters.js';
import { loadTopology, type Topology } from '../../../scripts/event-plane/manifests.js';
import { pingEvent } from '../../../scripts/event-plane/ping-event.js';
import { bindingsFor, sinkBindingEnv } from '../../../scripts/event-plane/sinks.js';

const KNATIVE = join(import.meta.dirname, '../../../knative');

/** Which functions (Trigger subscribers) an event reaches through knative/'s Triggers. */
function subscribersOf(topo: Topology, event: PlaneEvent): string[] {
  const names = topo.triggers
    .filter((t) => matchTrigger(t.spec as TriggerFilterSpec, event))
    .map((t) => t.spec!.subscriber.ref!.name);
  return [...new Set(names)].sort();
}

const obj = (apiVersion: string, kind: string) => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'team-a' },
});
const ref = (
  apiVersion: string,
  kind: string,
  verb: 'add' | 'update' | 'delete' = 'add',
  mode: 'Reference' | 'Resource' = 'Reference',
) => apiServerEvent({ mode, verb, object: obj(apiVersion, kind), source: 'https://127.0.0.1:6443' });
const ce = (type: string): PlaneEvent => ({ attributes: { specversion: '1.0', id: '1', source: 's', type } });

describe('knative/ Triggers route each event to the functions that consume it (BRIEF contracts)', () => {
  let topo: Topology;
  before(async () => {
    topo = await loadTopology(KNATIVE);
  });

  it('Task events (both modes): add → resolve-dependencies; update → nobody of the Task steps; delete → resolve-dependencies, spawn; report-github none (it takes spawned events)', () => {
    for (const mode of ['Reference', 'Resource'] as const) {
      const task = (verb: 'add' | 'update' | 'delete') =>
        subscribersOf(topo, ref('kelos.dev/v1alpha1', 'Task', verb, mode));
      expect(task('add')).to.deep.equal(['resolve-dependencies']);
      // Status writes (the spec is immutable): each step is woken by the previous step's own event instead.
      expect(task('update')).to.deep.equal([]);
      expect(task('delete')).to.deep.equal(['resolve-dependencies', 'spawn']);
    }
  });

  it("each step is woken by the previous step's own event: admitted → launch-pod; finished → resolve-dependencies, capture-outputs, spawn", () => {
    // report-github follows waiting/running/succeeded/failed, not admitted (nothing for a status comment).
    expect(subscribersOf(topo, ce('dev.kelos.task.admitted'))).to.deep.equal(['launch-pod']);
    for (const t of ['dev.kelos.task.succeeded', 'dev.kelos.task.failed'])
      expect(subscribersOf(topo, ce(t)), t).to.deep.equal([
        'capture-outputs',
        'report-github',
        'resolve-dependencies',
        'spawn',
      ]);
  });

  it('Pod updates and deletes → capture-outputs only, adds → nobody; TaskSpawner events → spawn only', () => {
    for (const mode of ['Reference', 'Resource'] as const) {
      // A new Pod's status is reset by the API server: its add never has anything to record.
      expect(subscribersOf(topo, ref('v1', 'Pod', 'add', mode))).to.deep.equal([]);
      expect(subscribersOf(topo, ref('v1', 'Pod', 'update', mode))).to.deep.equal(['capture-outputs']);
      expect(subscribersOf(topo, ref('v1', 'Pod', 'delete', mode))).to.deep.equal(['capture-outputs']);
    }
    expect(subscribersOf(topo, ref('kelos.dev/v1alpha1', 'TaskSpawner', 'update'))).to.deep.equal(['spawn']);
  });

  it('the resync tick → the four reconcile functions and report-github; a foreign PingSource → none', () => {
    const tick = pingEvent(
      { namespace: 'kelos-system', name: 'kelos-resync' },
      topo.pingSources[0]!.spec!,
      new Date(),
    );
    expect(subscribersOf(topo, tick)).to.deep.equal([
      'capture-outputs',
      'launch-pod',
      'report-github',
      'resolve-dependencies',
      'spawn',
    ]);
    expect(
      subscribersOf(
        topo,
        pingEvent({ namespace: 'other', name: 'p' }, { schedule: '* * * * *' }, new Date()),
      ),
    ).to.deep.equal([]);
  });

  it('GitHub deliveries (github-source or Knative GitHubSource) → spawn', () => {
    expect(subscribersOf(topo, ce('com.github.issue.opened'))).to.deep.equal(['spawn']);
    expect(subscribersOf(topo, ce('com.github.push'))).to.deep.equal(['spawn']);
    expect(subscribersOf(topo, ce('dev.knative.source.github.issues'))).to.deep.equal(['spawn']);
  });

  it('Task lifecycle and spawned events → report-github; objects of other kinds reach nobody', () => {
    for (const kind of ['waiting', 'running'])
      expect(subscribersOf(topo, ce(`dev.kelos.task.${kind}`))).to.deep.equal(['report-github']);
    expect(subscribersOf(topo, ce('dev.kelos.taskspawner.spawned'))).to.deep.equal(['report-github']);
    expect(subscribersOf(topo, ref('v1', 'ConfigMap'))).to.deep.equal([]);
    expect(subscribersOf(topo, ref('example.com/v1', 'Task'))).to.deep.equal([]);
  });

  it('every Trigger retries with exponential backoff and has a dead-letter sink', () => {
    for (const t of topo.triggers) {
      expect(t.spec!.delivery, t.metadata.name).to.include({ backoffPolicy: 'exponential' });
      expect(t.spec!.delivery!.retry, t.metadata.name).to.be.greaterThan(0);
      expect(t.spec!.delivery!.deadLetterSink?.ref?.name, t.metadata.name).to.equal('kelos-dead-letter');
    }
  });

  it('SinkBindings give K_SINK (the broker) to every function, exactly once each', () => {
    const where = { ingressBaseUrl: 'http://127.0.0.1:9', services: new Map<string, string>() };
    for (const name of ['resolve-dependencies', 'launch-pod', 'capture-outputs', 'spawn', 'github-source']) {
      const svc = topo.services.find((s) => s.metadata.name === name)!;
      const bindings = bindingsFor(svc, topo.sinkBindings);
      expect(bindings, name).to.have.length(1);
      expect(sinkBindingEnv(bindings[0]!, where)).to.deep.equal({
        K_SINK: 'http://127.0.0.1:9/kelos-system/kelos',
      });
    }
    expect(
      bindingsFor(
        topo.services.find((s) => s.metadata.name === 'kelos-dead-letter')!,
        topo.sinkBindings,
      ),
    ).to.have.length(0);
  });
});
