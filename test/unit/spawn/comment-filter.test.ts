import { expect } from 'chai';
import { containsCommand, passesCommentFilter } from '../../../functions/spawn/github/comment-filter.js';
import { joinComments } from '../../../functions/spawn/decide/work-item.js';

const c = (...bodies: string[]) => bodies.join('\n---\n');

describe('spawner comment rules (KELOS-BEHAVIOUR §8.8 TestPassesCommentFilter / TestContainsCommand)', () => {
  const T = '/kelos pick-up';
  const X = '/kelos needs-input';
  const cases: [string, string, { triggerComment?: string; excludeComments?: string[] }, boolean][] = [
    ['no filters', c('anything'), {}, true],
    ['no filters, no comments', '', {}, true],
    ['trigger present', c('hello', T), { triggerComment: T }, true],
    ['trigger absent', c('hello'), { triggerComment: T }, false],
    ['trigger, no comments', '', { triggerComment: T }, false],
    ['empty trigger string = no filter', c('x'), { triggerComment: '' }, true],
    ['exclude present', c('hi', X), { excludeComments: [X] }, false],
    ['exclude absent', c('hi'), { excludeComments: [X] }, true],
    ['resume: trigger after exclude', c(X, T), { triggerComment: T, excludeComments: [X] }, true],
    ['exclude after trigger', c(T, X), { triggerComment: T, excludeComments: [X] }, false],
    ['both set, neither found', c('hi'), { triggerComment: T, excludeComments: [X] }, false],
    ['command must be on its own line', c(`please ${T} now`), { triggerComment: T }, false],
    ['command line trimmed', c(`some text\n   ${T}  \nmore`), { triggerComment: T }, true],
    ['multiple excludes', c('/stop'), { excludeComments: [X, '/stop'] }, false],
    ['most recent wins (three comments)', c(T, X, T), { triggerComment: T, excludeComments: [X] }, true],
    [
      'exclude checked first within one comment',
      c(`${T}\n${X}`),
      { triggerComment: T, excludeComments: [X] },
      false,
    ],
  ];
  for (const [name, comments, rules, want] of cases) {
    it(name, () => expect(passesCommentFilter(comments, rules)).to.equal(want));
  }
  it('containsCommand: whole trimmed line match only', () => {
    expect(containsCommand('/kelos pick-up', T)).to.equal(true);
    expect(containsCommand('  /kelos pick-up\t', T)).to.equal(true);
    expect(containsCommand('/kelos pick-up please', T)).to.equal(false);
    expect(containsCommand('x\n/kelos pick-up\ny', T)).to.equal(true);
    expect(containsCommand('anything', '')).to.equal(false);
  });
  it('joinComments caps at 64 KiB, stopping before the overflowing one', () => {
    const big = 'a'.repeat(40 * 1024);
    expect(joinComments(['x', 'y'])).to.equal('x\n---\ny');
    expect(joinComments([big, big])).to.equal(big);
    expect(joinComments([big, 'small', big])).to.equal(`${big}\n---\nsmall`);
  });
});
