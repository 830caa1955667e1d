/**
 * Builds the node tree of a Go text/template source: text, printed
 * pipelines, if / with / range blocks with else and `else if`. Unsupported
 * actions (define, template, block, break, continue, variables) fail clearly.
 */
import type { GoNode, Pipe } from './go-ast.js';
import { parseGoExpr } from './go-expr-parser.js';
import { lexGoTemplate, type GoToken } from './go-lexer.js';
import { TemplateError } from './template-error.js';

const UNSUPPORTED = new Set(['define', 'template', 'block', 'break', 'continue']);

type Terminator = { word: 'end' } | { word: 'else'; rest: string; line: number } | { word: 'eof' };

export function parseGoTemplate(src: string, name: string): GoNode[] {
  const tokens = lexGoTemplate(src, name);
  let pos = 0;

  const pipe = (body: string, line: number): Pipe => ({
    expr: parseGoExpr(body, `template: ${name}:${line}`),
    src: body,
    line,
  });

  const keyword = (body: string): [string, string] => {
    const m = /^([a-z]+)\b\s*(.*)$/s.exec(body);
    return m ? [m[1]!, m[2]!] : ['', body];
  };

  /** Parses nodes until `{{end}}`, `{{else ...}}` or the end of input. */
  function list(): [GoNode[], Terminator] {
    const nodes: GoNode[] = [];
    while (pos < tokens.length) {
      const tok: GoToken = tokens[pos++]!;
      if (tok.kind === 'text') {
        nodes.push({ k: 'text', value: tok.value });
        continue;
      }
      const [word, rest] = keyword(tok.body);
      if (word === 'end') {
        if (rest)
          throw new TemplateError(`template: ${name}:${tok.line}: unexpected ${JSON.stringify(rest)} in end`);
        return [nodes, { word: 'end' }];
      }
      if (word === 'else') return [nodes, { word: 'else', rest, line: tok.line }];
      if (word === 'if' || word === 'with' || word === 'range') {
        nodes.push(block(word, rest, tok.line));
        continue;
      }
      if (UNSUPPORTED.has(word))
        throw new TemplateError(`template: ${name}:${tok.line}: unsupported Go template form: {{${word}}}`);
      if (!tok.body) throw new TemplateError(`template: ${name}:${tok.line}: missing value for command`);
      nodes.push({ k: 'print', pipe: pipe(tok.body, tok.line) });
    }
    return [nodes, { word: 'eof' }];
  }

  function block(word: 'if' | 'with' | 'range', rest: string, line: number): GoNode {
    if (!rest) throw new TemplateError(`template: ${name}:${line}: missing value for ${word}`);
    const p = pipe(rest, line);
    const [body, term] = list();
    let elseNodes: GoNode[] = [];
    if (term.word === 'eof') throw new TemplateError(`template: ${name}:${line}: unexpected EOF`);
    if (term.word === 'else') {
      const [elseWord, elseRest] = keyword(term.rest);
      if (term.rest === '') {
        const [nodes, end] = list();
        if (end.word !== 'end')
          throw new TemplateError(
            `template: ${name}:${term.line}: expected end; found ${end.word === 'eof' ? 'EOF' : '{{else}}'}`,
          );
        elseNodes = nodes;
      } else if ((elseWord === 'if' || elseWord === 'with') && word !== 'range') {
        // `{{else if X}}` is `{{else}}{{if X}}...{{end}}{{end}}` sharing the final end.
        elseNodes = [block(elseWord, elseRest, term.line)];
      } else {
        throw new TemplateError(
          `template: ${name}:${term.line}: unexpected ${JSON.stringify(term.rest)} in else`,
        );
      }
    }
    if (word === 'range') return { k: 'range', pipe: p, body, else: elseNodes };
    return { k: word, pipe: p, then: body, else: elseNodes };
  }

  const [nodes, term] = list();
  if (term.word === 'end') throw new TemplateError(`template: ${name}:1: unexpected {{end}}`);
  if (term.word === 'else') throw new TemplateError(`template: ${name}:${term.line}: unexpected {{else}}`);
  return nodes;
}
