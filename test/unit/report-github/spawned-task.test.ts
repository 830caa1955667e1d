import { expect } from 'chai';
import type { ObjectRequest } from '../../../functions/core/runtime/contract.js';
import { spawnedTask } from '../../../functions/report-github/spawned-task.js';

const spawned = (
  summary: Record<string, unknown> | undefined,
  over: Partial<ObjectRequest> = {},
): ObjectRequest => ({
  type: 'object',
  eventId: 'e1',
  eventType: 'dev.kelos.taskspawner.spawned',
  apiVersion: 'kelos.dev/v1alpha1',
  kind: 'TaskSpawner',
  namespace: 'team-a',
  name: 'triage',
  ...(summary ? { summary } : {}),
  ...over,
});

describe('report-github: the Task a spawned event names (pure)', () => {
  it('names the spawned Task, in the spawner namespace, when the item is a GitHub issue or pull request', () => {
    const summary = {
      spawner: 'triage',
      namespace: 'team-a',
      task: 'triage-7',
      item: { id: '7', kind: 'Issue', title: 'Fix it', number: 7, url: 'https://github.com/o/r/issues/7' },
    };
    expect(spawnedTask(spawned(summary))).to.deep.equal({ namespace: 'team-a', name: 'triage-7' });
  });

  it('nothing for a cron tick (no item number), or data without a Task name', () => {
    const cron = { task: 'nightly-20261204-0300', item: { id: '20261204-0300', kind: 'Issue', title: '' } };
    expect(spawnedTask(spawned(cron))).to.equal(undefined);
    expect(spawnedTask(spawned({ item: { number: 7 } }))).to.equal(undefined);
    expect(spawnedTask(spawned({ task: '', item: { number: 7 } }))).to.equal(undefined);
    expect(spawnedTask(spawned({ task: 'x', item: { number: '7' } }))).to.equal(undefined);
    expect(spawnedTask(spawned({ task: 'x', item: 'issue 7' }))).to.equal(undefined);
    expect(spawnedTask(spawned(undefined))).to.equal(undefined);
  });

  it('nothing for any other event type or kind', () => {
    const summary = { task: 't', item: { number: 7 } };
    expect(spawnedTask(spawned(summary, { eventType: 'dev.kelos.task.running' }))).to.equal(undefined);
    expect(spawnedTask(spawned(summary, { kind: 'Task' }))).to.equal(undefined);
  });
});
