import { expect } from 'chai';
import type { KubePort } from '../../../functions/core/k8s/port.js';
import type { Task } from '../../../functions/core/api/types.js';
import type {
  HandlerDeps,
  Logger,
  ObjectRequest,
  ResyncRequest,
} from '../../../functions/core/runtime/contract.js';
import { readOrigin } from '../../../functions/core/task/github-origin.js';
import type { ReportConfig } from '../../../functions/report-github/config.js';
import { makeHandler } from '../../../functions/report-github/handler.js';
import { shownCondition } from '../../../functions/report-github/reported.js';
import { spawnedTask, SUCCEEDED } from './fixtures.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const untouchable = new Proxy({} as KubePort, {
  get: (_t, verb) => () => Promise.reject(new Error(`unexpected kube.${String(verb)}`)),
});
const deps: HandlerDeps<ReportConfig> = {
  kube: untouchable,
  log: silent,
  now: () => new Date(),
  emit: async () => {},
  config: {
    githubApiUrl: 'http://127.0.0.1:9',
    githubToken: undefined,
    watchNamespace: undefined,
    retryBaseMs: 1,
  },
};
const request = (over: Partial<ObjectRequest>): ObjectRequest => ({
  type: 'object',
  eventId: '1',
  eventType: 'dev.knative.apiserver.ref.update',
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'Task',
  namespace: 'ns',
  name: 't',
  ...over,
});

describe('report-github: which events it handles', () => {
  const handle = makeHandler();
  for (const [what, req] of [
    ['a Pod event', request({ apiVersion: 'v1', kind: 'Pod' })],
    ['a TaskSpawner event', request({ kind: 'TaskSpawner' })],
    ['a Task of another group', request({ apiVersion: 'example.com/v1' })],
    ['a deleted Task', request({ verb: 'delete' })],
  ] as const) {
    it(`ignores ${what} without reading anything`, async () => {
      expect(await handle(req, deps)).to.equal('ignored');
    });
  }
  it('ignores GitHub deliveries', async () => {
    const gh = {
      type: 'github',
      eventId: '1',
      eventType: 'com.github.issue.opened',
      event: 'issues',
      payload: {},
    } as const;
    expect(await handle(gh, deps)).to.equal('ignored');
  });
  it("reads the Task a spawned event names, for a GitHub item; a cron tick's reads nothing", async () => {
    const read: string[] = [];
    const recording = new Proxy({} as KubePort, {
      get: (_t, verb) => (ref: { namespace?: string; name?: string }) => {
        read.push(`${String(verb)} ${ref.namespace}/${ref.name}`);
        return Promise.reject(new Error('stop here'));
      },
    });
    const spawned = (item: Record<string, unknown>) =>
      request({
        eventType: 'dev.kelos.taskspawner.spawned',
        kind: 'TaskSpawner',
        namespace: 'team-a',
        name: 'triage',
        summary: { spawner: 'triage', task: 'triage-7', item },
      });
    const issue = spawned({ id: '7', kind: 'Issue', number: 7, url: 'https://github.com/o/r/issues/7' });
    await handle(issue, { ...deps, kube: recording }).catch(() => undefined);
    expect(read).to.deep.equal(['get team-a/triage-7']);
    expect(await handle(spawned({ id: '20261204-0300', kind: 'Issue' }), deps)).to.equal('ignored');
  });
  it('reads the Task for a Task event (its failure propagates to the runtime)', async () => {
    let error: unknown;
    await handle(request({}), deps).catch((err: unknown) => (error = err));
    expect(String(error)).to.include('unexpected kube.get');
  });

  describe('decides from the event alone that a Task has no GitHub origin (no read)', () => {
    const plain = {
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      metadata: { name: 't', namespace: 'ns' },
    };
    const spawned = {
      ...plain,
      metadata: {
        ...plain.metadata,
        labels: { 'kelos.dev/github-kind': 'issue', 'kelos.dev/github-number': '7' },
        annotations: { 'kelos.dev/github-repository': 'https://github.com/o/r' },
      },
    };
    const github = { kind: 'issue', number: 7, repository: 'https://github.com/o/r' };
    const lifecycle = (summary: Record<string, unknown>) =>
      request({ eventType: 'dev.kelos.task.running', summary });
    it('ignores a Resource-mode add of a Task without origin labels', async () => {
      const req = request({ eventType: 'dev.knative.apiserver.resource.add', verb: 'add', hint: plain });
      expect(await handle(req, deps)).to.equal('ignored');
    });
    it('ignores a lifecycle event whose data names no GitHub item', async () => {
      expect(await handle(lifecycle({ phase: 'Running' }), deps)).to.equal('ignored');
    });
    for (const [what, req] of [
      ['a Resource-mode add of a spawned Task', request({ verb: 'add', hint: spawned })],
      ['a lifecycle event naming its GitHub item', lifecycle({ phase: 'Running', github })],
    ] as const) {
      it(`reads the Task for ${what}`, async () => {
        let error: unknown;
        await handle(req, deps).catch((err: unknown) => (error = err));
        expect(String(error)).to.include('unexpected kube.get');
      });
    }
  });
});

describe('report-github: the resync tick decides from the listed Tasks', () => {
  const shown = (status: Task['status']): Task => {
    const t = spawnedTask(status);
    const origin = readOrigin(t)!;
    return {
      ...t,
      status: { ...t.status, conditions: [{ ...shownCondition(t, origin), lastTransitionTime: 'x' }] },
    };
  };
  const tick: ResyncRequest = {
    type: 'resync',
    eventId: '1',
    eventType: 'dev.knative.sources.ping',
    time: '2026-12-04T05:00:00Z',
  };
  /** A kube that lists `items` and records every other call (each rejected). */
  const listing = (items: Task[], calls: string[]): KubePort =>
    new Proxy({} as KubePort, {
      get: (_t, verb) =>
        verb === 'list'
          ? () => Promise.resolve({ items, metadata: {} })
          : (ref: { name?: string }) => {
              calls.push(`${String(verb)} ${ref?.name ?? ''}`);
              return Promise.reject(new Error(`unexpected kube.${String(verb)}`));
            },
    });

  it('skips, with no read, every Task whose current state GitHub shows or that GitHub refused', async () => {
    const refused = spawnedTask({ phase: 'Running' });
    refused.status!.conditions = [
      {
        type: 'GitHubReported',
        status: 'False',
        reason: 'MissingPermission',
        message: 'm',
        lastTransitionTime: 'x',
      },
    ];
    const calls: string[] = [];
    const items = [
      shown(undefined),
      shown({ phase: 'Waiting', message: 'lock' }),
      shown({ phase: 'Running' }),
    ];
    const kube = listing([...items, shown(SUCCEEDED), refused], calls);
    expect(await makeHandler()(tick, { ...deps, kube })).to.equal('handled');
    expect(calls).to.deep.equal([]);
  });

  it('reads (to report) a Task whose phase moved on since its last report', async () => {
    const moved = shown({ phase: 'Running' });
    moved.status!.phase = 'Succeeded';
    const calls: string[] = [];
    await makeHandler()(tick, { ...deps, kube: listing([moved], calls) });
    expect(calls).to.deep.equal([`get ${moved.metadata.name}`]);
  });
});
