import { expect } from 'chai';
import { renderTemplate, TemplateError } from '../../../functions/core/templates/render.js';

/** Data shaped like the original's Go data: maps of interface{}, []string, map[string]string. */
const data = {
  Deps: {
    'task-a': {
      Outputs: ['branch: feature-123', 'pr: https://x/1'],
      Results: { branch: 'feature-123', pr: 'https://x/1' },
      Name: 'task-a',
    },
    empty: { Outputs: [], Results: {}, Name: 'empty' },
  },
  Title: 'Fix the bug',
  Number: 42,
  Body: '',
  Kind: 'Issue',
  Labels: ['bug', 'p1'],
  NoLabels: [],
  Comments: '',
  Ratio: 0.5,
  Big: 1234567.5,
  Yes: true,
  Meta: { zeta: 'z', alpha: 'a' },
};

/** [template, expected output as Go text/template (missingkey=error) prints it]. */
const GO_TABLE: [string, string][] = [
  ['{{.Title}}', 'Fix the bug'],
  ['{{ .Title }}', 'Fix the bug'],
  ['#{{.Number}}: {{.Title}}', '#42: Fix the bug'],
  ['{{.Deps.empty.Name}}', 'empty'],
  ['{{index .Deps "task-a" "Results" "branch"}}', 'feature-123'],
  ['{{ index .Deps "task-a" "Results" "branch" }}', 'feature-123'],
  ['[{{index .Deps "task-a" "Results" "missing"}}]', '[]'],
  ['{{index .Deps "task-a" "Outputs"}}', '[branch: feature-123 pr: https://x/1]'],
  ['{{index .Deps "task-a" "Outputs" 1}}', 'pr: https://x/1'],
  ['{{index .Deps "empty" "Outputs"}} {{index .Deps "empty" "Results"}}', '[] map[]'],
  ['{{index .Deps "task-a" "Results"}}', 'map[branch:feature-123 pr:https://x/1]'],
  [
    '{{index .Deps "task-a"}}',
    'map[Name:task-a Outputs:[branch: feature-123 pr: https://x/1] Results:map[branch:feature-123 pr:https://x/1]]',
  ],
  ['{{index .Deps "nope"}}', '<no value>'],
  ['{{.Labels}}', '[bug p1]'],
  ['{{.NoLabels}}', '[]'],
  ['{{.Meta}}', 'map[alpha:a zeta:z]'],
  ['{{.Yes}} {{.Ratio}} {{.Big}}', 'true 0.5 1.2345675e+06'],
  ['{{if .Title}}yes{{else}}no{{end}}', 'yes'],
  ['{{if .Body}}yes{{else}}no{{end}}', 'no'],
  ['{{if .NoLabels}}yes{{else}}no{{end}}', 'no'],
  ['{{if .Deps.empty.Results}}yes{{else}}no{{end}}', 'no'],
  ['{{if .Body}}a{{else if .Number}}b{{else}}c{{end}}', 'b'],
  ['{{if not .Body}}empty{{end}}', 'empty'],
  ['{{range .Labels}}<{{.}}>{{end}}', '<bug><p1>'],
  ['{{range .NoLabels}}x{{else}}none{{end}}', 'none'],
  ['{{range .Meta}}{{.}}{{end}}', 'az'],
  ['{{range .Labels}}{{$.Title}}:{{.}};{{end}}', 'Fix the bug:bug;Fix the bug:p1;'],
  ['{{with .Deps.empty}}{{.Name}}{{end}}', 'empty'],
  ['{{with .Body}}x{{else}}no body{{end}}', 'no body'],
  ['a  \n\t{{- .Title -}}  \n  b', 'aFix the bugb'],
  [
    '{{.Kind}} #{{.Number}}: {{.Title}}\n\n{{.Body}}{{- if .Comments}}\n\nComments:\n{{.Comments}}{{end}}',
    'Issue #42: Fix the bug\n\n',
  ],
  ['{{/* a comment */}}x', 'x'],
  ['x {{- /* trimmed */ -}} y', 'xy'],
  ['{{len .Labels}} {{len .Title}}', '2 11'],
  ['{{.Labels | len}}', '2'],
  ['{{(index .Deps "task-a").Results.branch}}', 'feature-123'],
  ['{{and .Title .Body}}|{{or .Body .Kind}}', '|Issue'],
  ['{{eq .Kind "Issue"}} {{ne .Number 42}}', 'true false'],
  ['{{print "a" 1 2 "b"}}', 'a1 2b'],
  ['{{"}}"}}', '}}'],
  ['100{% not liquid %} {{.Number}}', '100{% not liquid %} 42'],
];

describe('renderTemplate: Go text/template forms render as Go does', () => {
  for (const [source, expected] of GO_TABLE) {
    it(`${JSON.stringify(source)} → ${JSON.stringify(expected)}`, () => {
      expect(renderTemplate(source, data)).to.equal(expected);
    });
  }
});

/** [template, fragment of the error message]. */
const GO_ERRORS: [string, string][] = [
  ['{{.Missing}}', 'executing "template" at <.Missing>: map has no entry for key "Missing"'],
  ['{{.Deps.nope.Results}}', 'map has no entry for key "nope"'],
  ['{{.Deps.empty.Results.branch}}', 'map has no entry for key "branch"'],
  ['{{index .Deps "nope" "Results" "branch"}}', 'error calling index: index of untyped nil'],
  ['{{index .Deps "task-a" "Outputs" 5}}', 'error calling index: index out of range: 5'],
  ['{{.Title.Foo}}', "can't evaluate field Foo in type string"],
  ['{{if .Title}}open', 'unexpected EOF'],
  ['{{end}}', 'unexpected {{end}}'],
  ['{{.Title', 'unclosed action'],
  ['{{printf "%s" .Title}}', 'function "printf" not defined'],
  ['{{$x := .Title}}', 'unsupported Go template form'],
  ['{{define "x"}}{{end}}', 'unsupported Go template form'],
  ['{{range .Title}}{{end}}', "range can't iterate over Fix the bug"],
];

describe('renderTemplate: the dot and the root', () => {
  it('prints the whole data for {{.}} and {{$}} as a Go map', () => {
    expect(renderTemplate('{{.}}|{{$}}', { b: '2', a: '1' })).to.equal('map[a:1 b:2]|map[a:1 b:2]');
  });

  it('{{else with}} chains like {{else if}}', () => {
    expect(renderTemplate('{{with .A}}a{{else with .B}}{{.}}{{end}}', { A: '', B: 'b' })).to.equal('b');
  });
});

describe('renderTemplate: Go template errors', () => {
  for (const [source, fragment] of GO_ERRORS) {
    it(`${JSON.stringify(source)} fails with ${JSON.stringify(fragment)}`, () => {
      expect(() => renderTemplate(source, data)).to.throw(TemplateError, fragment);
    });
  }

  it('names the template and line in execution errors', () => {
    expect(() => renderTemplate('line one\n{{.Missing}}', data, 'prompt')).to.throw(
      TemplateError,
      'template: prompt:2: executing "prompt" at <.Missing>',
    );
  });
});

describe('renderTemplate: native Liquid', () => {
  it('renders variables, bracket access and filters', () => {
    expect(renderTemplate('{{ Title | upcase }} {{ Deps["task-a"].Results.branch }}', data)).to.equal(
      'FIX THE BUG feature-123',
    );
  });

  it('renders tags', () => {
    expect(
      renderTemplate('{% for l in Labels %}{{ l }},{% endfor %}{% if Yes %}!{% endif %}', data),
    ).to.equal('bug,p1,!');
  });

  it('is strict about unknown variables and filters', () => {
    expect(() => renderTemplate('{{ nope }}', data)).to.throw(TemplateError, 'undefined variable: nope');
    expect(() => renderTemplate('{{ Title | nofilter }}', data)).to.throw(
      TemplateError,
      'undefined filter: nofilter',
    );
  });

  it('cannot read files through include/render', () => {
    expect(() => renderTemplate('{% include "/etc/passwd" %}', data)).to.throw(TemplateError);
  });

  it('returns text without template syntax unchanged', () => {
    expect(renderTemplate('plain text } with braces {', data)).to.equal('plain text } with braces {');
  });
});
