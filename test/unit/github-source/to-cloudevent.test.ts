import { expect } from 'chai';
import examples from '@octokit/webhooks-examples';
import { eventSubject, eventType, toCloudEvent } from '../../../functions/github-source/to-cloudevent.js';

type Example = { name: string; examples: Record<string, unknown>[] };
const payload = (name: string, action?: string): Record<string, unknown> => {
  const group = (examples as unknown as Example[]).find((e) => e.name === name);
  const found = group?.examples.find((e) => action === undefined || e['action'] === action);
  if (!found) throw new Error(`no example ${name}.${action}`);
  return found;
};

describe('github-source CloudEvent mapping', () => {
  const cases: [string, string | undefined, string][] = [
    ['issues', 'labeled', 'com.github.issue.labeled'],
    ['issues', 'opened', 'com.github.issue.opened'],
    ['issue_comment', 'created', 'com.github.issue_comment.created'],
    ['pull_request', 'opened', 'com.github.pull_request.opened'],
    ['push', undefined, 'com.github.push'],
  ];
  for (const [event, action, type] of cases) {
    it(`${event}${action ? `.${action}` : ''} → ${type}`, () => {
      const p = payload(event, action);
      expect(eventType(event, p['action'])).to.equal(type);
    });
  }
  it('builds binary-mode headers: id = delivery, source = repository API URL, subject = issue number', () => {
    const p = payload('issues', 'labeled');
    const body = JSON.stringify(p);
    const ce = toCloudEvent(
      { event: 'issues', id: 'd-1', payload: p, body },
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(ce.headers).to.deep.include({
      'ce-specversion': '1.0',
      'ce-id': 'd-1',
      'ce-type': 'com.github.issue.labeled',
      'ce-source': 'https://api.github.com/repos/Codertocat/Hello-World',
      'ce-subject': '1',
      'content-type': 'application/json',
      'ce-time': '2026-01-01T00:00:00.000Z',
    });
    expect(ce.body).to.equal(body);
  });
  it('subject is the PR number for pull_request, absent for push', () => {
    const pr = payload('pull_request', 'opened');
    expect(eventSubject(pr)).to.equal(String((pr['pull_request'] as { number: number }).number));
    expect(eventSubject(payload('push'))).to.equal(undefined);
  });
});
