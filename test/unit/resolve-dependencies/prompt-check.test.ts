import { expect } from 'chai';
import { loadPromptCheck } from '../../../functions/resolve-dependencies/prompt-check.js';
import { makeTask } from './fixtures.js';

describe('loadPromptCheck', () => {
  it('loads the renderer on demand and reports template errors as messages', async () => {
    const check = await loadPromptCheck();
    const up = makeTask('up', {}, { phase: 'Succeeded', results: { branch: 'b' } });
    expect(
      check(makeTask('t', { dependsOn: ['up'], prompt: '{{index .Deps "up" "Results" "branch"}}' }), [up]),
    ).to.equal(undefined);
    expect(check(makeTask('t', { dependsOn: ['up'], prompt: '{{.Nope}}' }), [up])).to.equal(
      'template: prompt:1: executing "prompt" at <.Nope>: map has no entry for key "Nope"',
    );
  });
});
