import { expect } from 'chai';
import type { Task } from '../../../functions/core/api/types.js';
import { renderTaskPrompt, TemplateError } from '../../../functions/core/templates/render.js';

function task(
  name: string,
  prompt: string,
  extra: Partial<Task['spec']> = {},
  status?: Task['status'],
): Task {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: { name, namespace: 'ns' },
    spec: {
      type: 'claude-code',
      prompt,
      credentials: { type: 'api-key', secretRef: { name: 's' } },
      ...extra,
    },
    ...(status ? { status } : {}),
  };
}

const upstream = task(
  'results-task-a',
  'x',
  {},
  {
    phase: 'Succeeded',
    outputs: ['branch: feature-456', 'commit: abc'],
    results: { branch: 'feature-456', commit: 'abc' },
  },
);

describe('renderTaskPrompt', () => {
  it('passes the prompt verbatim when the Task has no dependsOn, even with {{', () => {
    expect(renderTaskPrompt(task('t', 'Explain {{.Deps}} and {% raw %}'), [])).to.equal(
      'Explain {{.Deps}} and {% raw %}',
    );
  });

  it('renders Results through index (KELOS-BEHAVIOUR §8.1 case 26)', () => {
    const t = task('b', 'Review branch {{ index .Deps "results-task-a" "Results" "branch" }}', {
      dependsOn: ['results-task-a'],
    });
    expect(renderTaskPrompt(t, [upstream])).to.equal('Review branch feature-456');
  });

  it('prints Outputs in Go slice syntax (case 25)', () => {
    const t = task('b', 'Outputs: {{ index .Deps "results-task-a" "Outputs" }}', {
      dependsOn: ['results-task-a'],
    });
    expect(renderTaskPrompt(t, [upstream])).to.equal('Outputs: [branch: feature-456 commit: abc]');
  });

  it('exposes .Deps.<name>.Name', () => {
    const t = task('b', '{{range .Deps}}{{.Name}}{{end}}', { dependsOn: ['results-task-a'] });
    expect(renderTaskPrompt(t, [upstream])).to.equal('results-task-a');
  });

  it('gives Liquid templates deps.<name>.results/outputs/name', () => {
    const t = task(
      'b',
      '{{ deps["results-task-a"].results.branch }} {{ deps["results-task-a"].outputs | size }}',
      {
        dependsOn: ['results-task-a'],
      },
    );
    expect(renderTaskPrompt(t, [upstream])).to.equal('feature-456 2');
  });

  it('treats a dependency without results as empty Outputs and Results', () => {
    const bare = task('a', 'x', {}, { phase: 'Succeeded' });
    const t = task('b', '[{{index .Deps "a" "Results" "branch"}}] {{index .Deps "a" "Outputs"}}', {
      dependsOn: ['a'],
    });
    expect(renderTaskPrompt(t, [bare])).to.equal('[] []');
  });

  it('ignores Tasks that are not dependencies', () => {
    const t = task('b', '{{.Deps.other}}', { dependsOn: ['results-task-a'] });
    expect(() => renderTaskPrompt(t, [upstream, task('other', 'x')])).to.throw(
      TemplateError,
      'map has no entry for key "other"',
    );
  });

  it('throws TemplateError quoting the cause for a broken template', () => {
    const t = task('b', 'Use {{ .Deps.missing.Results }}', { dependsOn: ['results-task-a'] });
    expect(() => renderTaskPrompt(t, [upstream])).to.throw(
      TemplateError,
      'template: prompt:1: executing "prompt" at <.Deps.missing.Results>: map has no entry for key "missing"',
    );
  });
});
