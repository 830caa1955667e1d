import { expect } from 'chai';
import { formatMarker, parseMarker } from '../../../functions/report-github/marker.js';
import { checkRunName, renderCheckRun } from '../../../functions/report-github/render-check-run.js';
import { elapsed, renderComment } from '../../../functions/report-github/render-comment.js';
import { reportingSpawner, spawnedTask, SUCCEEDED, UID } from './fixtures.js';

describe('report-github: the status comment and Check Run text', () => {
  it('puts a marker with the uid and phase rank on the first line, and reads it back', () => {
    const body = renderComment(spawnedTask({ phase: 'Running' }), 'issue-worker');
    expect(body.split('\n')[0]).to.equal(
      `<!-- kelos-report uid="${UID}" rank="4" task="team-a/issue-worker-42" phase="Running" -->`,
    );
    expect(parseMarker(body)).to.deep.equal({ uid: UID, rank: 4 });
    expect(parseMarker('a human comment')).to.equal(undefined);
    expect(parseMarker(formatMarker({ uid: 'u', rank: 5, task: 'a/b', phase: 'Failed' }))).to.deep.equal({
      uid: 'u',
      rank: 5,
    });
  });

  const cases: [string, Parameters<typeof spawnedTask>[0], string[]][] = [
    ['a new Task (Queued)', undefined, ['**Queued**', 'rank="1"']],
    [
      'Waiting, with the reason',
      { phase: 'Waiting', message: 'Waiting for dependency "scaffold"' },
      ['**Waiting**: Waiting for dependency "scaffold"', 'rank="2"'],
    ],
    ['Pending', { phase: 'Pending' }, ['**Starting**', 'rank="3"']],
    ['Running', { phase: 'Running' }, ['**Running**', 'rank="4"']],
    [
      'Succeeded, with branch, PR, tokens and cost',
      SUCCEEDED,
      [
        '**Succeeded** after 12m34s.',
        '- Branch: `kelos-issue-42`',
        '- Pull request: https://github.com/example-org/example-repo/pull/43',
        '- Tokens: 12000 in, 3400 out',
        '- Cost: $0.42',
        'rank="5"',
      ],
    ],
    [
      'Failed, with the reason and how to see the logs',
      { phase: 'Failed', message: 'Agent exited with code 1', podName: 'issue-worker-42' },
      [
        '**Failed**.',
        '> Agent exited with code 1',
        '`kelos logs issue-worker-42 -n team-a`',
        '`kubectl logs pod/issue-worker-42 -n team-a`',
        'rank="5"',
      ],
    ],
  ];
  for (const [what, status, parts] of cases) {
    it(`renders ${what}`, () => {
      const body = renderComment(spawnedTask(status), 'issue-worker');
      for (const part of parts) expect(body).to.include(part);
      expect(body).to.include('TaskSpawner `issue-worker`');
      expect(renderComment(spawnedTask(status), 'issue-worker'), 'deterministic').to.equal(body);
    });
  }

  it('keeps a message on one line and out of code spans', () => {
    const body = renderComment(spawnedTask({ phase: 'Failed', message: 'line one\n\nline `two`' }), 's');
    expect(body).to.include("> line one line 'two'");
  });

  it('formats elapsed time', () => {
    expect(elapsed('2026-01-01T00:00:00Z', '2026-01-01T00:00:09Z')).to.equal('9s');
    expect(elapsed('2026-01-01T00:00:00Z', '2026-01-01T01:02:00Z')).to.equal('1h2m');
    expect(elapsed(undefined, '2026-01-01T00:00:00Z')).to.equal(undefined);
  });

  it('names the Check Run "Kelos: <taskspawner>" unless checks.name says otherwise', () => {
    expect(
      checkRunName(reportingSpawner({ types: ['pulls'], reporting: { enabled: true, checks: {} } })),
    ).to.equal('Kelos: issue-worker');
    expect(
      checkRunName(
        reportingSpawner({ types: ['pulls'], reporting: { enabled: true, checks: { name: 'Review' } } }),
      ),
    ).to.equal('Review');
  });

  it('renders the Check Run in_progress, then success or failure with a summary', () => {
    expect(renderCheckRun(spawnedTask({ phase: 'Running' }), 'K')).to.deep.include({
      name: 'K',
      external_id: UID,
      status: 'in_progress',
    });
    const ok = renderCheckRun(spawnedTask(SUCCEEDED), 'K');
    expect(ok).to.deep.include({ status: 'completed', conclusion: 'success' });
    expect(ok.output.summary).to.include('Pull request: https://github.com/example-org/example-repo/pull/43');
    const failed = renderCheckRun(spawnedTask({ phase: 'Failed', message: 'boom' }), 'K');
    expect(failed).to.deep.include({ status: 'completed', conclusion: 'failure' });
    expect(failed.output.summary).to.include('Failed: boom');
  });
});
