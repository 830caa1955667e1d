import { expect } from 'chai';
import {
  apiServerEvent,
  guessPlural,
  selfLinkSubject,
} from '../../../scripts/event-plane/apiserver-events.js';
import { pingEvent, pingSourceUri } from '../../../scripts/event-plane/ping-event.js';

describe('event-plane event shaping', () => {
  it('guesses plurals as Kubernetes UnsafeGuessKindToResource does', () => {
    expect(
      ['Task', 'TaskSpawner', 'Pod', 'Ingress', 'NetworkPolicy', 'Endpoints'].map(guessPlural),
    ).to.deep.equal(['tasks', 'taskspawners', 'pods', 'ingresses', 'networkpolicies', 'endpoints']);
  });

  it('builds the selfLink-like subject, with the versionUnknown quirk for group-only apiVersions', () => {
    expect(selfLinkSubject('kelos.dev/v1alpha1', 'Task', 'ns', 'a')).to.equal(
      '/apis/kelos.dev/v1alpha1/namespaces/ns/tasks/a',
    );
    expect(selfLinkSubject('v1', 'Pod', 'ns', 'a')).to.equal('/apis/v1/namespaces/ns/pods/a');
    expect(selfLinkSubject('kelos.dev', 'Task', 'ns', 'a')).to.equal(
      '/apis/kelos.dev/versionUnknown/namespaces/ns/tasks/a',
    );
  });

  const task = {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: { name: 'a', namespace: 'ns', uid: 'u1' },
    spec: { prompt: 'p' },
  };
  const time = new Date('2026-11-25T12:00:00Z');

  it('Reference mode: ref type, extensions and an ObjectReference as data', () => {
    const e = apiServerEvent({
      mode: 'Reference',
      verb: 'update',
      object: task,
      source: 'https://127.0.0.1:6443',
      id: 'x',
      time,
    });
    expect(e.attributes).to.deep.equal({
      specversion: '1.0',
      id: 'x',
      type: 'dev.knative.apiserver.ref.update',
      source: 'https://127.0.0.1:6443',
      subject: '/apis/kelos.dev/v1alpha1/namespaces/ns/tasks/a',
      time: '2026-11-25T12:00:00.000Z',
      datacontenttype: 'application/json',
      kind: 'Task',
      apiversion: 'kelos.dev/v1alpha1',
      name: 'a',
      namespace: 'ns',
    });
    expect(e.data).to.deep.equal({
      kind: 'Task',
      namespace: 'ns',
      name: 'a',
      apiVersion: 'kelos.dev/v1alpha1',
    });
    expect(Object.keys(e.data as object)).to.deep.equal(['kind', 'namespace', 'name', 'apiVersion']);
  });

  it('Resource mode: resource type and the whole object as data', () => {
    const e = apiServerEvent({ mode: 'Resource', verb: 'delete', object: task, source: 's', time });
    expect(e.attributes.type).to.equal('dev.knative.apiserver.resource.delete');
    expect(e.data).to.deep.equal(task);
  });

  it('gives every emission a fresh id (ids cannot dedupe, as with Knative)', () => {
    const a = apiServerEvent({ mode: 'Reference', verb: 'add', object: task, source: 's' });
    const b = apiServerEvent({ mode: 'Reference', verb: 'add', object: task, source: 's' });
    expect(a.attributes.id).to.not.equal(b.attributes.id);
  });

  it('PingSource events: type, source path, JSON data and overrides', () => {
    expect(pingSourceUri('kelos-system', 'kelos-resync')).to.equal(
      '/apis/v1/namespaces/kelos-system/pingsources/kelos-resync',
    );
    const e = pingEvent(
      { namespace: 'kelos-system', name: 'kelos-resync' },
      {
        schedule: '* * * * *',
        contentType: 'application/json',
        data: '{"reason":"resync"}',
        ceOverrides: { extensions: { team: 'kelos' } },
      },
      time,
      'id1',
    );
    expect(e.attributes).to.deep.equal({
      team: 'kelos',
      specversion: '1.0',
      id: 'id1',
      type: 'dev.knative.sources.ping',
      source: '/apis/v1/namespaces/kelos-system/pingsources/kelos-resync',
      time: '2026-11-25T12:00:00.000Z',
      datacontenttype: 'application/json',
    });
    expect(e.data).to.deep.equal({ reason: 'resync' });
    const bare = pingEvent({ namespace: 'n', name: 'p' }, { schedule: '* * * * *' }, time, 'id2');
    expect(bare.data).to.equal(undefined);
    expect(bare.attributes).to.not.have.property('datacontenttype');
    const b64 = pingEvent(
      { namespace: 'n', name: 'p' },
      { schedule: '* * * * *', dataBase64: Buffer.from('hi').toString('base64') },
      time,
      'id3',
    );
    expect(b64.data).to.equal('hi');
    expect(b64.attributes.datacontenttype).to.equal('text/plain');
  });
});
