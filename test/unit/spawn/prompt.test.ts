import { expect } from 'chai';
import { renderTemplate } from '../../../functions/core/templates/render.js';
import {
  defaultPrompt,
  renderBranch,
  renderPrompt,
  templateData,
} from '../../../functions/spawn/decide/prompt.js';
import type { WorkItem } from '../../../functions/spawn/decide/work-item.js';

const item = (over: Partial<WorkItem> = {}): WorkItem => ({
  id: '42',
  number: 42,
  title: 'Title',
  body: 'Body',
  url: 'https://github.com/o/r/issues/42',
  labels: [],
  comments: '',
  kind: 'Issue',
  ...over,
});

describe('spawner prompt (KELOS-BEHAVIOUR §8.8 prompt_test)', () => {
  it('RenderPromptDefault', () => {
    expect(renderPrompt(undefined, item(), renderTemplate)).to.equal('Issue #42: Title\n\nBody');
  });
  it('DefaultPR', () => {
    expect(renderPrompt('', item({ number: 10, kind: 'PR' }), renderTemplate)).to.match(/^PR #10: /);
  });
  it('DefaultKindFallback: empty Kind renders Issue', () => {
    expect(defaultPrompt(item({ number: 5, kind: '' }))).to.match(/^Issue #5: /);
  });
  it('Custom', () => {
    const got = renderPrompt(
      'Fix {{.Title}} (issue #{{.Number}})',
      item({ title: 'Add dark mode', number: 7 }),
      renderTemplate,
    );
    expect(got).to.equal('Fix Add dark mode (issue #7)');
  });
  it('WithComments: section only when comments exist', () => {
    expect(defaultPrompt(item({ comments: 'first\n---\nsecond' }))).to.equal(
      'Issue #42: Title\n\nBody\n\nComments:\nfirst\n---\nsecond',
    );
    expect(defaultPrompt(item())).to.not.include('Comments:');
  });
  it('AllVariables', () => {
    const tpl = '{{.ID}} {{.Number}} {{.Title}} {{.Body}} {{.URL}} {{.Labels}} {{.Comments}} {{.Kind}}';
    const got = renderPrompt(
      tpl,
      item({
        id: '99',
        number: 99,
        title: 'T',
        body: 'B',
        url: 'U',
        labels: ['a', 'b'],
        comments: 'C',
        kind: 'PR',
      }),
      renderTemplate,
    );
    expect(got).to.equal('99 99 T B U a, b C PR');
  });
  it('Time and Schedule for cron items', () => {
    const data = templateData(item({ time: '2026-02-07T09:00:00Z', schedule: '0 9 * * *', kind: '' }));
    expect(data).to.deep.include({ Time: '2026-02-07T09:00:00Z', Schedule: '0 9 * * *', Kind: 'Issue' });
  });
  it('InvalidTemplate: error', () => {
    expect(() => renderPrompt('{{.Nope}}', item(), renderTemplate)).to.throw();
    expect(() => renderPrompt('{{if .Title}}', item(), renderTemplate)).to.throw();
  });
  it('RenderTemplate: branch-style kelos-task-{{.Number}}', () => {
    expect(renderBranch('kelos-task-{{.Number}}', item(), renderTemplate)).to.equal('kelos-task-42');
  });
  it('StaticString passes through', () => {
    expect(renderBranch('main-work', item(), renderTemplate)).to.equal('main-work');
    expect(renderBranch(undefined, item(), renderTemplate)).to.equal('');
  });
  it('Invalid branch template: error', () => {
    expect(() => renderBranch('{{.Missing}}', item(), renderTemplate)).to.throw();
  });
});
