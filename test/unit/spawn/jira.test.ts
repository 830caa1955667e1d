import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildJql, extractIssueNumber, splitJqlOrderBy } from '../../../functions/spawn/sources/jira-jql.js';
import { discoverJira } from '../../../functions/spawn/sources/jira.js';

type Answer = { status: number; body: unknown };

describe('spawn Jira source (KELOS-BEHAVIOUR §8.8 jira_test)', () => {
  let server: Server;
  let base = '';
  const seen: IncomingMessage[] = [];
  let answer: (url: URL) => Answer = () => ({ status: 200, body: { issues: [], total: 0 } });

  before(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      const a = answer(new URL(req.url ?? '/', base));
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    seen.length = 0;
  });
  const query = (i = 0) => new URL(seen[i]?.url ?? '/', base).searchParams;

  it('Discover: key, number, title, /browse/ URL, kind from issuetype, empty body', async () => {
    answer = () => ({
      status: 200,
      body: {
        total: 2,
        issues: [
          { key: 'PROJ-42', fields: { summary: 'Fix login', labels: ['bug'], issuetype: { name: 'Bug' } } },
          { key: 'PROJ-7', fields: { summary: 'Add dark mode', labels: [], issuetype: { name: 'Story' } } },
        ],
      },
    });
    const items = await discoverJira({ baseUrl: `${base}/`, project: 'PROJ' });
    expect(items[0]).to.deep.equal({
      id: 'PROJ-42',
      number: 42,
      title: 'Fix login',
      body: '',
      url: `${base}/browse/PROJ-42`,
      labels: ['bug'],
      comments: '',
      kind: 'Bug',
    });
    expect(items[1]?.kind).to.equal('Story');
    const q = query();
    expect(new URL(seen[0]?.url ?? '/', base).pathname).to.equal('/rest/api/2/search');
    expect(q.get('maxResults')).to.equal('100');
    expect(q.get('startAt')).to.equal('0');
    expect(q.get('fields')).to.equal('summary,status,labels,comment,issuetype');
    expect(seen[0]?.headers['accept']).to.equal('application/json');
  });
  it('JQLFilter and DefaultJQL', async () => {
    await discoverJira({ baseUrl: base, project: 'P', jql: 'status = Open' });
    expect(query().get('jql')).to.equal('project = P AND (status = Open)');
    seen.length = 0;
    await discoverJira({ baseUrl: base, project: 'P' });
    expect(query().get('jql')).to.equal('project = P');
  });
  it('JQLWithOrderBy: ORDER BY moved outside the parentheses', () => {
    expect(buildJql('P', 'status = Open ORDER BY created DESC')).to.equal(
      'project = P AND (status = Open) ORDER BY created DESC',
    );
  });
  it('SplitJQLOrderBy: case-insensitive, last occurrence, none', () => {
    expect(splitJqlOrderBy('a = 1 order by b')).to.deep.equal({ filter: 'a = 1', orderBy: 'order by b' });
    expect(splitJqlOrderBy('summary ~ "order by" ORDER BY rank')).to.deep.equal({
      filter: 'summary ~ "order by"',
      orderBy: 'ORDER BY rank',
    });
    expect(splitJqlOrderBy('a = 1')).to.deep.equal({ filter: 'a = 1', orderBy: '' });
  });
  it('Auth: Basic with user, Bearer without', async () => {
    await discoverJira({ baseUrl: base, project: 'P', user: 'me@example.com', token: 'tok' });
    expect(seen[0]?.headers['authorization']).to.equal(
      `Basic ${Buffer.from('me@example.com:tok').toString('base64')}`,
    );
    await discoverJira({ baseUrl: base, project: 'P', token: 'tok' });
    expect(seen[1]?.headers['authorization']).to.equal('Bearer tok');
  });
  it('APIError: Jira API returned status <code>: <body>', async () => {
    answer = () => ({ status: 401, body: { errorMessages: ['nope'] } });
    let error: Error | undefined;
    await discoverJira({ baseUrl: base, project: 'P' }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('Jira API returned status 401: {"errorMessages":["nope"]}');
  });
  it('EmptyResponse', async () => {
    answer = () => ({ status: 200, body: { issues: [], total: 0 } });
    expect(await discoverJira({ baseUrl: base, project: 'P' })).to.deep.equal([]);
  });
  it('Pagination: startAt/total, at most 10 pages', async () => {
    answer = (url) => {
      const start = Number(url.searchParams.get('startAt'));
      return {
        status: 200,
        body: {
          total: 250,
          issues: Array.from({ length: Math.min(100, 250 - start) }, (_, i) => ({
            key: `P-${start + i}`,
            fields: { summary: 's' },
          })),
        },
      };
    };
    const items = await discoverJira({ baseUrl: base, project: 'P' });
    expect(items).to.have.length(250);
    expect(seen.map((_, i) => query(i).get('startAt'))).to.deep.equal(['0', '100', '200']);
    seen.length = 0;
    answer = (url) => ({
      status: 200,
      body: { total: 5000, issues: [{ key: `P-${url.searchParams.get('startAt')}`, fields: {} }] },
    });
    expect(await discoverJira({ baseUrl: base, project: 'P' })).to.have.length(10);
  });
  it('Comments: string bodies and ADF text, empty skipped, joined with \\n---\\n', async () => {
    const adf = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'line one' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'line two' }] },
      ],
    };
    answer = () => ({
      status: 200,
      body: {
        total: 1,
        issues: [
          {
            key: 'P-1',
            fields: { summary: 's', comment: { comments: [{ body: 'plain' }, { body: '' }, { body: adf }] } },
          },
        ],
      },
    });
    const [item] = await discoverJira({ baseUrl: base, project: 'P' });
    expect(item?.comments).to.equal('plain\n---\nline one\nline two');
  });
  it('NoIssueType: Kind Issue', async () => {
    answer = () => ({ status: 200, body: { total: 1, issues: [{ key: 'P-1', fields: { summary: 's' } }] } });
    expect((await discoverJira({ baseUrl: base, project: 'P' }))[0]?.kind).to.equal('Issue');
  });
  it('ExtractIssueNumber', () => {
    expect(extractIssueNumber('PROJ-42')).to.equal(42);
    expect(extractIssueNumber('PROJ-abc')).to.equal(0);
    expect(extractIssueNumber('PROJ')).to.equal(0);
  });
});
