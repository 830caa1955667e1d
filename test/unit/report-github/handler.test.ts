import { expect } from 'chai';
import type { KubePort } from '../../../functions/core/k8s/port.js';
import type { HandlerDeps, Logger, ObjectRequest } from '../../../functions/core/runtime/contract.js';
import type { ReportConfig } from '../../../functions/report-github/config.js';
import { makeHandler } from '../../../functions/report-github/handler.js';

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
  it('reads the Task for a Task event (its failure propagates to the runtime)', async () => {
    let error: unknown;
    await handle(request({}), deps).catch((err: unknown) => (error = err));
    expect(String(error)).to.include('unexpected kube.get');
  });
});
