import { expect } from 'chai';
import { buildTask } from '../../../functions/spawn/decide/build-task.js';
import type { WorkItem } from '../../../functions/spawn/decide/work-item.js';
import { originFromItem, originMetadata, readOrigin } from '../../../functions/core/task/github-origin.js';
import { taskEvent } from '../../../functions/core/task/task-event.js';
import { reportingSpawner } from './fixtures.js';

const item = (over: Partial<WorkItem>): WorkItem => ({
  id: '42',
  number: 42,
  title: 't',
  body: '',
  url: 'https://github.com/example-org/example-repo/issues/42',
  labels: [],
  comments: '',
  kind: 'Issue',
  ...over,
});

describe('report-github: the GitHub origin spawn records on a Task', () => {
  it('records kind, number and repository for an issue and a pull request', () => {
    const spawner = reportingSpawner({});
    const issue = buildTask({ spawner, item: item({}), prompt: 'p', branch: '' });
    expect(issue.metadata.labels).to.deep.equal({
      'kelos.dev/taskspawner': 'issue-worker',
      'kelos.dev/github-kind': 'issue',
      'kelos.dev/github-number': '42',
    });
    expect(issue.metadata.annotations).to.deep.equal({
      'kelos.dev/github-repository': 'https://github.com/example-org/example-repo',
    });
    const pr = buildTask({
      spawner,
      item: item({ id: '7', number: 7, kind: 'PR', url: 'https://ghe.example.com:8443/o/my.repo/pull/7' }),
      prompt: 'p',
      branch: '',
    });
    expect(readOrigin(pr)).to.deep.equal({
      kind: 'pull',
      number: 7,
      host: 'ghe.example.com:8443',
      owner: 'o',
      repo: 'my.repo',
    });
  });

  it('records nothing for cron and Jira spawners, or an item URL that is not an issue or PR', () => {
    const cron = reportingSpawner({});
    cron.spec.when = { cron: { schedule: '* * * * *' } };
    expect(
      buildTask({ spawner: cron, item: item({ kind: '' }), prompt: 'p', branch: '' }).metadata.annotations,
    ).to.equal(undefined);
    const jira = reportingSpawner({});
    jira.spec.when = { jira: { baseUrl: 'https://x.atlassian.net', project: 'P', secretRef: { name: 's' } } };
    const jiraTask = buildTask({
      spawner: jira,
      item: item({ url: 'https://x.atlassian.net/browse/P-1' }),
      prompt: 'p',
      branch: '',
    });
    expect(readOrigin(jiraTask)).to.equal(undefined);
    expect(originFromItem(item({ url: '' }))).to.equal(undefined);
    expect(
      originFromItem(item({ url: 'https://github.com/o/r/issues/41' })),
      'number must match the URL',
    ).to.equal(undefined);
  });

  it('reads back what it writes, and refuses malformed records', () => {
    const origin = { kind: 'issue' as const, number: 5, host: 'github.com', owner: 'o', repo: 'r' };
    const { labels, annotations } = originMetadata(origin);
    expect(readOrigin({ metadata: { labels, annotations } })).to.deep.equal(origin);
    for (const [l, a] of [
      [{ ...labels, 'kelos.dev/github-kind': 'discussion' }, annotations],
      [{ ...labels, 'kelos.dev/github-number': 'x' }, annotations],
      [{ ...labels, 'kelos.dev/github-number': '0' }, annotations],
      [labels, { 'kelos.dev/github-repository': 'not a url' }],
      [labels, {}],
    ] as const) {
      expect(readOrigin({ metadata: { labels: { ...l }, annotations: { ...a } } })).to.equal(undefined);
    }
  });
});

describe('dev.kelos.task.* events name the GitHub item a Task was spawned from', () => {
  it('adds github {kind, number, repository} to the event data, and nothing for other Tasks', () => {
    const spawner = reportingSpawner({});
    const task = buildTask({ spawner, item: item({}), prompt: 'p', branch: '' });
    expect(taskEvent('running', task).data['github']).to.deep.equal({
      kind: 'issue',
      number: 42,
      repository: 'https://github.com/example-org/example-repo',
    });
    const plain = buildTask({ spawner, item: item({ url: '' }), prompt: 'p', branch: '' });
    expect(taskEvent('running', plain).data).to.not.have.property('github');
  });
});
