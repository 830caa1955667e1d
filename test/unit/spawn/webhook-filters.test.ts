import { expect } from 'chai';
import examples from '@octokit/webhooks-examples';
import { matchesIssueQuery, issueListParams } from '../../../functions/spawn/github/issue-query.js';
import type { GitHubIssue } from '../../../functions/spawn/github/issue.js';
import { parseGitHubRepo } from '../../../functions/core/git/parse-repo.js';
import { sameRepo, webhookItem } from '../../../functions/spawn/github/webhook-item.js';

type Example = { name: string; examples: Record<string, unknown>[] };
const ex = (name: string, action: string) =>
  (examples as unknown as Example[])
    .find((e) => e.name === name)!
    .examples.find((e) => e['action'] === action)!;

describe('spawn webhook item and filters', () => {
  it('issues.labeled → the issue, Kind Issue, repository from html_url', () => {
    const found = webhookItem('issues', ex('issues', 'labeled'));
    expect(found?.kind).to.equal('Issue');
    expect(found?.issue.number).to.equal(1);
    expect(found?.repo).to.deep.equal({ host: 'github.com', owner: 'Codertocat', repo: 'Hello-World' });
  });
  it('pull_request.opened → Kind PR; issue_comment → the issue; push → nothing', () => {
    expect(webhookItem('pull_request', ex('pull_request', 'opened'))?.kind).to.equal('PR');
    expect(webhookItem('issue_comment', ex('issue_comment', 'created'))?.issue.number).to.equal(1);
    const created = ex('issue_comment', 'created');
    expect(webhookItem('issue_comment', created)?.newComment).to.equal(
      (created['comment'] as { body: string }).body,
    );
    expect(webhookItem('issues', ex('issues', 'labeled'))?.newComment).to.equal(undefined);
    expect(webhookItem('push', { repository: { html_url: 'https://github.com/a/b' } })).to.equal(undefined);
  });
  it('sameRepo: case-insensitive, shorthand is github.com, Enterprise hosts differ', () => {
    const a = parseGitHubRepo('https://github.com/Codertocat/Hello-World');
    expect(sameRepo(a, parseGitHubRepo('codertocat/hello-world'))).to.equal(true);
    expect(sameRepo(a, parseGitHubRepo('git@github.com:Codertocat/Hello-World.git'))).to.equal(true);
    expect(sameRepo(a, parseGitHubRepo('https://ghe.example.com/Codertocat/Hello-World'))).to.equal(false);
    expect(sameRepo(a, parseGitHubRepo('https://github.com/Codertocat/Other'))).to.equal(false);
  });
  const issue = (over: Partial<GitHubIssue>): GitHubIssue => ({
    number: 1,
    title: 't',
    html_url: 'u',
    state: 'open',
    labels: [{ name: 'bug' }, { name: 'p1' }],
    user: { login: 'Alice' },
    assignees: [{ login: 'bob' }],
    ...over,
  });
  const cases: [string, Partial<GitHubIssue>, Parameters<typeof matchesIssueQuery>[1], boolean][] = [
    ['defaults: open', {}, {}, true],
    ['closed issue, default state', { state: 'closed' }, {}, false],
    ['closed issue, state all', { state: 'closed' }, { state: 'all' }, true],
    ['all labels required', {}, { labels: ['bug', 'p1'] }, true],
    ['missing label', {}, { labels: ['bug', 'p2'] }, false],
    ['assignee match', {}, { assignee: 'bob' }, true],
    ['assignee mismatch', {}, { assignee: 'carol' }, false],
    ['assignee * needs someone', { assignees: [] }, { assignee: '*' }, false],
    ['assignee none', { assignees: [] }, { assignee: 'none' }, true],
    ['author (creator)', {}, { author: 'alice' }, true],
    ['author mismatch', {}, { author: 'zed' }, false],
  ];
  for (const [name, over, spec, want] of cases) {
    it(`matchesIssueQuery: ${name}`, () => expect(matchesIssueQuery(issue(over), spec)).to.equal(want));
  }
  it('list parameters', () => {
    expect(issueListParams({ labels: ['a', 'b'], assignee: 'x', author: 'y', state: 'all' })).to.deep.equal({
      per_page: '100',
      state: 'all',
      labels: 'a,b',
      assignee: 'x',
      creator: 'y',
    });
  });
});
