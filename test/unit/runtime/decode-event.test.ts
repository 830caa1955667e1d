/** decodeEvent over the real shapes each source sends (table-driven). */
import { expect } from 'chai';
import type { FunctionRequest } from '../../../functions/core/runtime/contract.js';
import { decodeEvent, type IncomingEvent } from '../../../functions/core/runtime/decode-event.js';
import { ValidationError } from '../../../functions/core/runtime/errors.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const task = {
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'Task',
  metadata: { name: 'fix-1', namespace: 'team-a', resourceVersion: '12' },
  spec: { prompt: 'x' },
};
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'fix-1', namespace: 'team-a', labels: { 'kelos.dev/task': 'fix-1' } },
};

/** ApiServerSource: source is the API server URL; extensions kind/name/namespace/apiversion. */
function apiServer(type: string, data: unknown, ext: Record<string, string> = {}): IncomingEvent {
  return {
    id: 'e1',
    type,
    source: 'https://10.96.0.1:443',
    subject: '/apis/kelos.dev/v1alpha1/namespaces/team-a/tasks/fix-1',
    time: '2026-11-25T11:59:00Z',
    data,
    ...ext,
  };
}
const taskExt = { kind: 'Task', name: 'fix-1', namespace: 'team-a', apiversion: 'kelos.dev/v1alpha1' };

interface Case {
  name: string;
  event: IncomingEvent;
  want: Partial<FunctionRequest> | undefined;
}

const cases: Case[] = [
  {
    name: 'ref.add with reference data',
    event: apiServer(
      'dev.knative.apiserver.ref.add',
      { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', name: 'fix-1', namespace: 'team-a' },
      taskExt,
    ),
    want: {
      type: 'object',
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      namespace: 'team-a',
      name: 'fix-1',
      verb: 'add',
    },
  },
  {
    name: 'ref.update with only extensions (empty data)',
    event: apiServer('dev.knative.apiserver.ref.update', undefined, taskExt),
    want: { type: 'object', kind: 'Task', namespace: 'team-a', name: 'fix-1', verb: 'update' },
  },
  {
    name: 'ref.delete with data as a JSON string',
    event: apiServer(
      'dev.knative.apiserver.ref.delete',
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', name: 'p', namespace: 'n' }),
    ),
    want: { type: 'object', apiVersion: 'v1', kind: 'Pod', namespace: 'n', name: 'p', verb: 'delete' },
  },
  {
    name: 'ref of a cluster-scoped object (no namespace)',
    event: apiServer('dev.knative.apiserver.ref.add', {
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'team-a',
    }),
    want: { type: 'object', kind: 'Namespace', namespace: '', name: 'team-a' },
  },
  {
    name: 'resource.add carries the object as a hint',
    event: apiServer('dev.knative.apiserver.resource.add', task, taskExt),
    want: { type: 'object', kind: 'Task', namespace: 'team-a', name: 'fix-1', verb: 'add', hint: task },
  },
  {
    name: 'resource.update of a Pod',
    event: apiServer('dev.knative.apiserver.resource.update', pod, {
      kind: 'Pod',
      name: 'fix-1',
      namespace: 'team-a',
      apiversion: 'v1',
    }),
    want: { type: 'object', apiVersion: 'v1', kind: 'Pod', name: 'fix-1', verb: 'update' },
  },
  {
    name: 'PingSource tick with its time',
    event: {
      id: 'p1',
      type: 'dev.knative.sources.ping',
      source: '/apis/v1/namespaces/kelos/pingsources/resync',
      time: '2026-11-25T11:00:00Z',
    },
    want: { type: 'resync', eventId: 'p1', time: '2026-11-25T11:00:00Z' },
  },
  {
    name: 'PingSource tick with JSON data and no time',
    event: {
      id: 'p2',
      type: 'dev.knative.sources.ping',
      source: '/apis/v1/namespaces/kelos/pingsources/resync',
      data: { message: 'hi' },
    },
    want: { type: 'resync', time: NOW.toISOString() },
  },
  {
    name: 'com.github.issue.opened is the issues event',
    event: {
      id: 'd1',
      type: 'com.github.issue.opened',
      source: 'https://api.github.com/repos/o/r',
      subject: '4',
      data: { action: 'opened', issue: { number: 4 } },
    },
    want: { type: 'github', eventId: 'd1', event: 'issues', action: 'opened' },
  },
  {
    name: 'com.github.pull_request.synchronize',
    event: {
      id: 'd2',
      type: 'com.github.pull_request.synchronize',
      source: 'https://api.github.com/repos/o/r',
      data: { action: 'synchronize' },
    },
    want: { type: 'github', event: 'pull_request', action: 'synchronize' },
  },
  {
    name: 'com.github.issue_comment.created',
    event: {
      id: 'd3',
      type: 'com.github.issue_comment.created',
      source: 'https://api.github.com/repos/o/r',
      data: { action: 'created' },
    },
    want: { type: 'github', event: 'issue_comment', action: 'created' },
  },
  {
    name: 'com.github.push has no action',
    event: {
      id: 'd4',
      type: 'com.github.push',
      source: 'https://api.github.com/repos/o/r',
      data: { ref: 'refs/heads/main' },
    },
    want: { type: 'github', event: 'push' },
  },
  {
    name: 'Knative GitHubSource with the action extension',
    event: {
      id: 'k1',
      type: 'dev.knative.source.github.issues',
      source: 'https://github.com/o/r',
      action: 'labeled',
      data: { issue: {} },
    },
    want: { type: 'github', event: 'issues', action: 'labeled' },
  },
  {
    name: 'Knative GitHubSource with the action only in the payload',
    event: {
      id: 'k2',
      type: 'dev.knative.source.github.pull_request',
      source: 'https://github.com/o/r',
      data: { action: 'opened' },
    },
    want: { type: 'github', event: 'pull_request', action: 'opened' },
  },
  {
    name: 'our own dev.kelos.task.succeeded names the Task in source',
    event: {
      id: 'o1',
      type: 'dev.kelos.task.succeeded',
      source: '/apis/kelos.dev/v1alpha1/namespaces/team-a/tasks/fix-1',
      subject: 'fix-1',
      data: { phase: 'Succeeded' },
    },
    want: {
      type: 'object',
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      namespace: 'team-a',
      name: 'fix-1',
    },
  },
  {
    name: 'dev.kelos.taskspawner.spawned names the TaskSpawner',
    event: {
      id: 'o2',
      type: 'dev.kelos.taskspawner.spawned',
      source: '/apis/kelos.dev/v1alpha1/namespaces/team-a/taskspawners/triage',
      data: {},
    },
    want: { type: 'object', kind: 'TaskSpawner', name: 'triage' },
  },
  {
    name: 'an unknown but well-formed type is ignored',
    event: { id: 'u1', type: 'com.example.something', source: '/x', data: { a: 1 } },
    want: undefined,
  },
];

const invalid: Array<{ name: string; event: IncomingEvent; match: RegExp }> = [
  {
    name: 'ref without a name',
    event: apiServer('dev.knative.apiserver.ref.add', { apiVersion: 'v1', kind: 'Pod' }),
    match: /lacks name/,
  },
  {
    name: 'ref with non-JSON string data',
    event: apiServer('dev.knative.apiserver.ref.add', '{oops'),
    match: /not JSON/,
  },
  {
    name: 'ref with array data',
    event: apiServer('dev.knative.apiserver.ref.add', [1, 2]),
    match: /not a JSON object/,
  },
  {
    name: 'resource without data',
    event: apiServer('dev.knative.apiserver.resource.add', undefined),
    match: /not a Kubernetes object/,
  },
  {
    name: 'resource data that is not an object of any kind',
    event: apiServer('dev.knative.apiserver.resource.update', { hello: 'world' }, taskExt),
    match: /not a Kubernetes object/,
  },
  {
    name: 'resource data of another kind than the kind extension claims',
    event: apiServer('dev.knative.apiserver.resource.update', pod, taskExt),
    match: /data is a Pod but the event claims kind Task/,
  },
  {
    name: 'GitHub event without payload',
    event: { id: 'g', type: 'com.github.issue.opened', source: 's' },
    match: /no webhook payload/,
  },
  {
    name: 'GitHub event with a bad name',
    event: { id: 'g', type: 'com.github.Bad-Name', source: 's', data: {} },
    match: /not a GitHub event name/,
  },
  {
    name: 'dev.kelos event whose source is not an object path',
    event: { id: 'o', type: 'dev.kelos.task.failed', source: 'kelos', data: {} },
    match: /is not \/apis\/kelos.dev/,
  },
  {
    name: 'dev.kelos event naming an unknown plural',
    event: {
      id: 'o',
      type: 'dev.kelos.task.failed',
      source: '/apis/kelos.dev/v1alpha1/namespaces/a/widgets/w',
      data: {},
    },
    match: /is not \/apis/,
  },
];

describe('decodeEvent', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = decodeEvent(c.event, () => NOW);
      if (c.want === undefined) expect(got).to.equal(undefined);
      else expect(got).to.deep.include({ eventType: c.event.type, ...c.want });
    });
  }
  for (const c of invalid) {
    it(`rejects ${c.name}`, () => {
      expect(() => decodeEvent(c.event, () => NOW))
        .to.throw(ValidationError)
        .with.property('message')
        .that.matches(c.match);
    });
  }
  it('never returns a hint in Reference mode', () => {
    const got = decodeEvent(apiServer('dev.knative.apiserver.ref.add', undefined, taskExt));
    expect(got).to.not.have.property('hint');
  });
});
