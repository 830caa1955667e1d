import { expect } from 'chai';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import type { KubePort } from '../../../functions/core/k8s/port.js';
import type { HandlerDeps, Logger, ObjectRequest } from '../../../functions/core/runtime/contract.js';
import type { CaptureOutputsConfig } from '../../../functions/capture-outputs/config.js';
import { handle } from '../../../functions/capture-outputs/handler.js';
import { isUnstartedPod } from '../../../functions/capture-outputs/unstarted-pod.js';

const pod = (status?: object, meta: object = {}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 't', namespace: 'ns', labels: { 'kelos.dev/task': 't' }, ...meta },
    ...(status ? { status } : {}),
  }) as KubeObject;
const waiting = {
  name: 'agent',
  ready: false,
  restartCount: 0,
  state: { waiting: { reason: 'ErrImagePull' } },
};

describe('capture-outputs: a Pod no kubelet reported on yet (unstarted-pod.ts)', () => {
  const cases: [string, KubeObject | undefined, boolean][] = [
    ['just created (no status)', pod(), true],
    [
      'Pending, scheduled, no container status',
      pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] }),
      true,
    ],
    [
      'Pending with a container status (an image pull failing)',
      pod({ phase: 'Pending', containerStatuses: [waiting] }),
      false,
    ],
    [
      'Pending with an init container status',
      pod({ phase: 'Pending', initContainerStatuses: [waiting] }),
      false,
    ],
    [
      'Failed before any container (deadline, eviction)',
      pod({ phase: 'Failed', reason: 'DeadlineExceeded' }),
      false,
    ],
    ['being deleted', pod(undefined, { deletionTimestamp: '2026-12-03T00:00:00Z' }), false],
    ['no object (Reference mode)', undefined, false],
    ['not a Pod', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, false],
  ];
  for (const [what, obj, expected] of cases) {
    it(`${what}: ${expected}`, () => expect(isUnstartedPod(obj)).to.equal(expected));
  }

  const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
  const untouchable = new Proxy({} as KubePort, {
    get: (_t, verb) => () => Promise.reject(new Error(`unexpected kube.${String(verb)}`)),
  });
  const deps = {
    kube: untouchable,
    log: silent,
    now: () => new Date(),
    emit: async () => {},
  } as unknown as HandlerDeps<CaptureOutputsConfig>;
  const request = (verb: 'add' | 'delete', hint?: KubeObject): ObjectRequest => ({
    type: 'object',
    eventId: '1',
    eventType: `dev.knative.apiserver.resource.${verb}`,
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: 'ns',
    name: 't',
    verb,
    ...(hint ? { hint } : {}),
  });
  it('the add of an unstarted Pod is ignored without a read', async () => {
    expect(await handle(request('add', pod()), deps)).to.equal('ignored');
  });
  for (const [what, req] of [
    ['its delete', request('delete', pod())],
    ['a Reference-mode add', request('add')],
    [
      'the add of a Pod with a container status',
      request('add', pod({ phase: 'Pending', containerStatuses: [waiting] })),
    ],
  ] as const) {
    it(`${what} reads the Task`, async () => {
      const error = await handle(req, deps).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(String(error)).to.include('unexpected kube.get');
    });
  }
});
