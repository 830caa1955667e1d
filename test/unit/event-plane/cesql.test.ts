import { expect } from 'chai';
import type { PlaneEvent } from '../../../scripts/event-plane/cloud-event.js';
import { CesqlError, matchCesql, parseCesql } from '../../../scripts/event-plane/cesql.js';
import { matchFilter } from '../../../scripts/event-plane/filters.js';

const event: PlaneEvent = {
  attributes: {
    specversion: '1.0',
    id: 'e1',
    source: 'https://127.0.0.1:6443',
    type: 'dev.knative.apiserver.ref.update',
    kind: 'Task',
    name: 'scaffold-2',
    namespace: 'team-a',
    sequence: '7',
    flag: 'true',
  },
};

describe('event-plane CESQL subset', () => {
  const cases: [string, boolean][] = [
    ["kind = 'Task'", true],
    ['kind = "Task"', true],
    ["kind = 'Pod'", false],
    ["kind != 'Pod' AND namespace = 'team-a'", true],
    ["kind <> 'Task' OR name = 'scaffold-2'", true],
    ["kind = 'Pod' XOR name = 'scaffold-2'", true],
    ["NOT kind = 'Pod'", true],
    ["NOT kind = 'Pod' AND kind = 'Pod'", false],
    ["type LIKE 'dev.knative.apiserver.%'", true],
    ["type LIKE 'dev.knative.apiserver.ref.___ate'", true],
    ["type NOT LIKE '%.delete'", true],
    ["name LIKE 'scaffold\\_2'", false],
    ["kind IN ('Pod', 'Task')", true],
    ["kind NOT IN ('Pod', 'TaskSpawner')", true],
    ['EXISTS kind', true],
    ['EXISTS subject', false],
    ['NOT EXISTS subject', true],
    ['sequence > 5', true],
    ['sequence + 1 = 8', true],
    ['sequence % 2 = 1 AND -sequence < 0', true],
    ['flag', true],
    ['flag = TRUE', true],
    ["LOWER(kind) = 'task' AND UPPER(namespace) = 'TEAM-A'", true],
    ["LENGTH(name) = 10 AND CONCAT(kind, '/', name) = 'Task/scaffold-2'", true],
    ["(kind = 'Pod' OR kind = 'Task') AND (namespace = 'x' OR namespace = 'team-a')", true],
    ["subject = 'x'", false], // missing attribute: error → no match
    ['name > 3', false], // cast error → no match
    ["kind = 'Task' OR subject = 'x'", true], // short-circuit before the error
  ];
  for (const [expression, expected] of cases) {
    it(`${expression} → ${expected}`, () => expect(matchCesql(expression, event)).to.equal(expected));
  }

  it('refuses expressions that do not parse', () => {
    for (const bad of ["kind = 'Task", 'kind = ', 'kind ==== x', "kind = 'a' )", 'LIKE x']) {
      expect(() => parseCesql(bad), bad).to.throw(CesqlError);
    }
  });

  it('is a filter dialect like the others', () => {
    expect(matchFilter({ cesql: "kind = 'Task'" }, event)).to.equal(true);
    expect(matchFilter({ not: { cesql: "kind = 'Task'" } }, event)).to.equal(false);
  });
});
