/**
 * Translates a parsed Go template into Liquid that liquidjs renders. Every Go
 * operation becomes one call of the `go` filter (go-filter.ts) on an
 * operation descriptor, its result kept in a fresh `{% assign %}` temporary,
 * so nested calls, pipelines, `range` dots and `with` dots need no Liquid
 * expression syntax. Literal text and constants live in the `__k` array of
 * the render scope, so nothing in them is ever read as Liquid syntax.
 */
import type { Expr, GoNode, Pipe } from './go-ast.js';

export type GoOp =
  | { op: 'field'; path: string[]; at: string }
  | { op: 'call'; fn: string; at: string }
  | { op: 'truth' | 'print'; at: string }
  | { op: 'range'; at: string };

export interface LiquidProgram {
  source: string;
  /** Bound to `__k` in the render scope. */
  constants: unknown[];
}

export function goToLiquid(nodes: GoNode[], name: string): LiquidProgram {
  const constants: unknown[] = [];
  let temps = 0;
  const k = (value: unknown): string => `__k[${constants.push(value) - 1}]`;
  const temp = (): string => `__v${temps++}`;
  const at = (pipe: Pipe): string => `template: ${name}:${pipe.line}: executing "${name}" at <${pipe.src}>`;

  /** Returns [liquid statements, name of the variable holding the value]. */
  function expr(e: Expr, dot: string, where: string): [string, string] {
    switch (e.k) {
      case 'lit':
        return ['', k(e.value)];
      case 'field': {
        const v = temp();
        const base = e.base === 'root' ? '__root' : dot;
        return [`{% assign ${v} = ${k({ op: 'field', path: e.path, at: where })} | go: ${base} %}`, v];
      }
      case 'chain': {
        const [code, inner] = expr(e.expr, dot, where);
        const v = temp();
        return [
          `${code}{% assign ${v} = ${k({ op: 'field', path: e.path, at: where })} | go: ${inner} %}`,
          v,
        ];
      }
      case 'call': {
        const parts = e.args.map((a) => expr(a, dot, where));
        const v = temp();
        const args = parts.map(([, ref]) => ref);
        const call = `${k({ op: 'call', fn: e.fn, at: where })} | go${args.length ? `: ${args.join(', ')}` : ''}`;
        return [`${parts.map(([code]) => code).join('')}{% assign ${v} = ${call} %}`, v];
      }
    }
  }

  function op(kind: 'truth' | 'print' | 'range', ref: string, where: string): string {
    return `${k({ op: kind, at: where })} | go: ${ref}`;
  }

  function emit(list: GoNode[], dot: string): string {
    let out = '';
    for (const node of list) {
      if (node.k === 'text') {
        out += /[{}%]/.test(node.value) ? `{{ ${k(node.value)} }}` : node.value;
        continue;
      }
      const where = at(node.pipe);
      const [code, ref] = expr(node.pipe.expr, dot, where);
      out += code;
      if (node.k === 'print') {
        out += `{{ ${op('print', ref, where)} }}`;
      } else if (node.k === 'range') {
        const items = temp();
        const item = `__d${temps++}`;
        out += `{% assign ${items} = ${op('range', ref, where)} %}{% for ${item} in ${items} %}${emit(node.body, item)}`;
        out += `${node.else.length ? `{% else %}${emit(node.else, dot)}` : ''}{% endfor %}`;
      } else {
        const cond = temp();
        const inner = node.k === 'with' ? ref : dot;
        out += `{% assign ${cond} = ${op('truth', ref, where)} %}{% if ${cond} %}${emit(node.then, inner)}`;
        out += `${node.else.length ? `{% else %}${emit(node.else, dot)}` : ''}{% endif %}`;
      }
    }
    return out;
  }

  return { source: emit(nodes, '__root'), constants };
}
