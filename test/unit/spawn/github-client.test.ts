import { expect } from 'chai';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-github.js';
import { createGitHubClient, type GitHubClient } from '../../../functions/spawn/github/client.js';
import { discoverIssues } from '../../../functions/spawn/github/issue-items.js';
import { EtagCache } from '../../../functions/spawn/github/etag-cache.js';
import { RateLimiter, RateLimitedError } from '../../../functions/core/github/rate-limit.js';
import type { GitHubIssues } from '../../../functions/core/api/types.js';

const REPO = 'kelos-dev/kelos';
const coords = { owner: 'kelos-dev', repo: 'kelos' };

describe('GitHub discovery client (KELOS-BEHAVIOUR §8.8 github_test)', () => {
  let gh: FakeGitHub;
  let statuses: number[];
  const client = (
    token?: string,
    cache = new EtagCache(),
    limiter = new RateLimiter(),
    now = () => new Date(),
  ): GitHubClient =>
    createGitHubClient({
      baseUrl: gh.url,
      token,
      cache,
      limiter,
      now,
      onResponse: (r) => statuses.push(r.status),
    });
  const issuesRequests = () => gh.requests.filter((r) => r.path.endsWith('/issues'));
  const discover = (spec: GitHubIssues, c = client()) => discoverIssues(c, coords, spec);

  beforeEach(async () => {
    gh = await startFakeGitHub();
    statuses = [];
  });
  afterEach(() => gh.close());

  it('Discover: maps ID, Number, Title, Body, URL, Labels, Kind', async () => {
    gh.setIssue(REPO, { number: 42, title: 'Fix it', body: 'Details', labels: ['bug', 'help wanted'] });
    const items = await discover({});
    expect(items).to.deep.equal([
      {
        id: '42',
        number: 42,
        title: 'Fix it',
        body: 'Details',
        url: 'https://github.com/kelos-dev/kelos/issues/42',
        labels: ['bug', 'help wanted'],
        comments: '',
        kind: 'Issue',
      },
    ]);
    const q = issuesRequests()[0]?.query;
    expect(q?.get('per_page')).to.equal('100');
    expect(q?.get('state')).to.equal('open');
    expect(issuesRequests()[0]?.headers['accept']).to.equal('application/vnd.github.v3+json');
  });
  const queryCases: [string, GitHubIssues, Record<string, string>][] = [
    ['LabelFiltering', { labels: ['bug', 'p1'] }, { labels: 'bug,p1' }],
    ['AssigneeFiltering', { assignee: 'alice' }, { assignee: 'alice' }],
    ['AssigneeNone', { assignee: 'none' }, { assignee: 'none' }],
    ['AuthorFiltering', { author: 'bob' }, { creator: 'bob' }],
    [
      'AssigneeAndAuthorTogether',
      { assignee: 'alice', author: 'bob' },
      { assignee: 'alice', creator: 'bob' },
    ],
    ['StateFiltering', { state: 'closed' }, { state: 'closed' }],
  ];
  for (const [name, spec, want] of queryCases) {
    it(`${name}: query parameters`, async () => {
      await discover(spec);
      const q = issuesRequests()[0]?.query;
      for (const [k, v] of Object.entries(want)) expect(q?.get(k), k).to.equal(v);
    });
  }
  it('server-side filters select the items', async () => {
    gh.setIssue(REPO, { number: 1, labels: ['bug'], assignees: ['alice'], author: 'bob' });
    gh.setIssue(REPO, { number: 2, labels: ['bug'] });
    gh.setIssue(REPO, { number: 3, state: 'closed', labels: ['bug'] });
    expect((await discover({ assignee: 'alice' })).map((i) => i.id)).to.deep.equal(['1']);
    expect((await discover({ assignee: 'none' })).map((i) => i.id)).to.deep.equal(['2']);
    expect((await discover({ author: 'bob' })).map((i) => i.id)).to.deep.equal(['1']);
    expect((await discover({ state: 'all' })).map((i) => i.id)).to.deep.equal(['3', '2', '1']);
  });
  it('AuthHeader: token <t>; none without a token', async () => {
    await discover({}, client('ghp_secret'));
    expect(issuesRequests()[0]?.headers['authorization']).to.equal('token ghp_secret');
    await discover({}, client());
    expect(issuesRequests()[1]?.headers['authorization']).to.equal(undefined);
  });
  it('Pagination: follows Link rel="next", at most 10 pages', async () => {
    gh.perPage = 2;
    for (let n = 1; n <= 25; n++) gh.setIssue(REPO, { number: n });
    const items = await discover({});
    expect(items).to.have.length(20);
    expect(issuesRequests()).to.have.length(10);
  });
  it('APIError: non-200 → GitHub API returned status <code>: <body>', async () => {
    gh.rejectTokens.add('bad');
    let error: Error | undefined;
    await discover({}, client('bad')).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^GitHub API returned status 401: \{"message":"Bad credentials"/);
  });
  it('EmptyResponse: no items', async () => {
    expect(await discover({})).to.deep.equal([]);
  });
  it('Comments: first page joined with \\n---\\n', async () => {
    gh.setIssue(REPO, { number: 7 });
    gh.setComments(REPO, 7, ['first', 'second']);
    const [item] = await discover({});
    expect(item?.comments).to.equal('first\n---\nsecond');
    const commentReq = gh.requests.find((r) => r.path.endsWith('/issues/7/comments'));
    expect(commentReq?.query.get('per_page')).to.equal('100');
  });
  it('ExcludeLabels drops labelled items; no match keeps all', async () => {
    gh.setIssue(REPO, { number: 1, labels: ['kelos/needs-input'] });
    gh.setIssue(REPO, { number: 2, labels: ['bug'] });
    expect((await discover({ excludeLabels: ['kelos/needs-input'] })).map((i) => i.id)).to.deep.equal(['2']);
    expect((await discover({ excludeLabels: ['wontfix'] })).map((i) => i.id)).to.deep.equal(['2', '1']);
  });
  it('Types: default issues only; pulls only (Kind PR); both', async () => {
    gh.setIssue(REPO, { number: 1 });
    gh.setIssue(REPO, { number: 2, pull: true });
    expect((await discover({})).map((i) => i.id)).to.deep.equal(['1']);
    expect((await discover({ types: ['issues'] })).map((i) => i.id)).to.deep.equal(['1']);
    const pulls = await discover({ types: ['pulls'] });
    expect(pulls.map((i) => [i.id, i.kind])).to.deep.equal([['2', 'PR']]);
    expect((await discover({ types: ['issues', 'pulls'] })).map((i) => i.id)).to.deep.equal(['2', '1']);
  });
  it('comment rules: trigger, exclude, multiple excludes, resume, exclude after trigger', async () => {
    const T = '/kelos pick-up';
    const X = '/kelos needs-input';
    const set: [number, string[]][] = [
      [1, [T]],
      [2, ['hello']],
      [3, [X]],
      [4, [X, T]],
      [5, [T, X]],
      [6, ['/stop']],
    ];
    for (const [n, bodies] of set) {
      gh.setIssue(REPO, { number: n });
      gh.setComments(REPO, n, bodies);
    }
    const ids = async (spec: GitHubIssues) => (await discover(spec)).map((i) => Number(i.id)).sort();
    expect(await ids({ triggerComment: T })).to.deep.equal([1, 4, 5]);
    expect(await ids({ excludeComments: [X] })).to.deep.equal([1, 2, 6]);
    expect(await ids({ excludeComments: [X, '/stop'] })).to.deep.equal([1, 2]);
    expect(await ids({ triggerComment: T, excludeComments: [X] })).to.deep.equal([1, 4]);
  });
  it('a comment fetch error fails the whole discovery', async () => {
    gh.setIssue(REPO, { number: 1 });
    gh.setIssue(REPO, { number: 2 });
    gh.failComments.add(1);
    let error: Error | undefined;
    await discover({}, client()).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('fetching comments for issue #1');
    expect((error?.cause as Error).message).to.match(/^GitHub API returned status 500: /);
  });
  it('conditional requests: an unchanged list is answered 304 and served from the cache', async () => {
    gh.setIssue(REPO, { number: 1, title: 'one' });
    gh.setComments(REPO, 1, ['c']);
    const c = client('tok');
    const first = await discover({}, c);
    statuses = [];
    const second = await discover({}, c);
    expect(second).to.deep.equal(first);
    expect(statuses).to.deep.equal([304, 304]);
    expect(issuesRequests()[1]?.headers['if-none-match']).to.match(/^W\/"/);
    gh.setIssue(REPO, { number: 1, title: 'changed' });
    statuses = [];
    const third = await discover({}, c);
    expect(third[0]?.title).to.equal('changed');
    expect(statuses[0]).to.equal(200);
  });
  it('rate limit: 403 with x-ratelimit-remaining 0 blocks further calls until reset', async () => {
    const limiter = new RateLimiter();
    const reset = Math.floor(Date.now() / 1000) + 120;
    gh.rateLimited = { status: 403, resetEpochSeconds: reset };
    let error: unknown;
    await discover({}, client('t', new EtagCache(), limiter)).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(RateLimitedError);
    expect((error as RateLimitedError).until.getTime()).to.equal(reset * 1000);
    gh.rateLimited = undefined;
    const before = gh.requests.length;
    await discover({}, client('t', new EtagCache(), limiter)).catch((e: unknown) => (error = e));
    expect(gh.requests.length).to.equal(before);
    const later = () => new Date((reset + 1) * 1000);
    expect(await discover({}, client('t', new EtagCache(), limiter, later))).to.deep.equal([]);
  });
  it('429 with retry-after also backs off', async () => {
    gh.rateLimited = { status: 429, resetEpochSeconds: 0 };
    let error: unknown;
    await discover({}, client()).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(RateLimitedError);
  });
  it('GitHub Enterprise base path /api/v3', async () => {
    gh.setIssue(REPO, { number: 9 });
    const c = createGitHubClient({
      baseUrl: `${gh.url}/api/v3`,
      cache: new EtagCache(),
      limiter: new RateLimiter(),
      now: () => new Date(),
    });
    expect((await discoverIssues(c, coords, {})).map((i) => i.id)).to.deep.equal(['9']);
    expect(issuesRequests()[0]?.path).to.equal('/api/v3/repos/kelos-dev/kelos/issues');
  });
});
