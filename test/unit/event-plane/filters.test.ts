import { expect } from 'chai';
import type { PlaneEvent } from '../../../scripts/event-plane/cloud-event.js';
import {
  matchFilter,
  matchTrigger,
  assertLocallySupported,
  type SubscriptionsApiFilter,
} from '../../../scripts/event-plane/filters.js';

const taskAdd: PlaneEvent = {
  attributes: {
    specversion: '1.0',
    id: '1',
    source: 'https://127.0.0.1:6443',
    type: 'dev.knative.apiserver.ref.add',
    subject: '/apis/kelos.dev/v1alpha1/namespaces/ns/tasks/a',
    kind: 'Task',
    apiversion: 'kelos.dev/v1alpha1',
    name: 'a',
    namespace: 'ns',
  },
};

describe('event-plane filters', () => {
  const cases: [string, SubscriptionsApiFilter, boolean][] = [
    ['exact match on one attribute', { exact: { kind: 'Task' } }, true],
    ['exact on two attributes, both must match', { exact: { kind: 'Task', name: 'b' } }, false],
    ['exact is case-sensitive', { exact: { kind: 'task' } }, false],
    ['exact on a missing attribute never matches', { exact: { missing: 'x' } }, false],
    ['prefix', { prefix: { type: 'dev.knative.apiserver.' } }, true],
    ['prefix mismatch', { prefix: { type: 'com.github.' } }, false],
    ['suffix', { suffix: { type: '.add' } }, true],
    ['suffix mismatch', { suffix: { type: '.delete' } }, false],
    ['all: every entry', { all: [{ exact: { kind: 'Task' } }, { suffix: { type: '.add' } }] }, true],
    [
      'all: one failing entry fails',
      { all: [{ exact: { kind: 'Task' } }, { suffix: { type: '.delete' } }] },
      false,
    ],
    ['any: one entry suffices', { any: [{ exact: { kind: 'Pod' } }, { exact: { kind: 'Task' } }] }, true],
    ['any: none matching', { any: [{ exact: { kind: 'Pod' } }, { exact: { kind: 'TaskSpawner' } }] }, false],
    ['not inverts', { not: { exact: { kind: 'Pod' } } }, true],
    ['not of a match', { not: { exact: { kind: 'Task' } } }, false],
    [
      'nested',
      { any: [{ not: { prefix: { type: 'dev.' } } }, { all: [{ exact: { namespace: 'ns' } }] }] },
      true,
    ],
    ['empty filter matches everything', {}, true],
  ];
  for (const [name, filter, expected] of cases) {
    it(`${name} → ${expected}`, () => expect(matchFilter(filter, taskAdd)).to.equal(expected));
  }

  it('first dialect wins when an entry has two (as Knative materialises it)', () => {
    expect(matchFilter({ exact: { kind: 'Task' }, prefix: { type: 'nope' } }, taskAdd)).to.equal(true);
  });

  it('a Trigger needs every filters entry to match', () => {
    expect(
      matchTrigger(
        { filters: [{ exact: { kind: 'Task' } }, { prefix: { type: 'dev.knative.apiserver.' } }] },
        taskAdd,
      ),
    ).to.equal(true);
    expect(
      matchTrigger(
        { filters: [{ exact: { kind: 'Task' } }, { prefix: { type: 'dev.knative.sources.' } }] },
        taskAdd,
      ),
    ).to.equal(false);
  });

  it('legacy filter.attributes: exact values, "" matching any value, filters taking precedence', () => {
    expect(matchTrigger({ filter: { attributes: { kind: 'Task', name: '' } } }, taskAdd)).to.equal(true);
    expect(matchTrigger({ filter: { attributes: { kind: 'Pod' } } }, taskAdd)).to.equal(false);
    expect(
      matchTrigger(
        { filters: [{ exact: { kind: 'Task' } }], filter: { attributes: { kind: 'Pod' } } },
        taskAdd,
      ),
    ).to.equal(true);
    expect(matchTrigger({}, taskAdd)).to.equal(true);
  });

  it('refuses a Trigger whose cesql does not parse, at load', () => {
    expect(() => assertLocallySupported([{ any: [{ cesql: "type = 'x" }] }], 'Trigger t')).to.throw(
      /Trigger t: cesql/,
    );
    expect(() => assertLocallySupported([{ any: [{ cesql: "type = 'x'" }] }], 'Trigger t')).not.to.throw();
    expect(() => assertLocallySupported([{ exact: { type: 'x' } }], 'Trigger t')).not.to.throw();
  });
});
