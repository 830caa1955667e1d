/**
 * Parses the body of one Go template action (`.A.B`, `index .Deps "a" "b"`,
 * `not .X | len`, `(index .Deps "a").Results`) into an Expr. Forms outside
 * the supported subset fail with the message Go would give, or say they are
 * unsupported.
 */
import { GO_FUNCS, type Expr, type GoFunc } from './go-ast.js';
import { TemplateError } from './template-error.js';

type Tok =
  | { t: 'field'; base: 'dot' | 'root'; path: string[]; glued: boolean }
  | { t: 'lit'; value: string | number | boolean | null }
  | { t: 'ident'; name: string }
  | { t: '(' | ')' | '|' };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const FIELD = /^(?:\.[A-Za-z_][A-Za-z0-9_]*)+|^\./;
const NUMBER = /^[+-]?(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?)/;

function unquote(raw: string): string {
  if (raw.startsWith('`')) return raw.slice(1, -1);
  try {
    return JSON.parse(raw.startsWith("'") ? `"${raw.slice(1, -1)}"` : raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

function fieldPath(s: string): string[] {
  return s === '.' ? [] : s.slice(1).split('.');
}

function tokenize(body: string, fail: (msg: string) => never): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < body.length) {
    const rest = body.slice(i);
    const c = rest[0]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '(' || c === ')' || c === '|') {
      toks.push({ t: c });
      i += 1;
      continue;
    }
    if (c === '"' || c === '`' || c === "'") {
      const m =
        c === '`'
          ? /^`[^`]*`/.exec(rest)
          : c === '"'
            ? /^"(?:[^"\\]|\\.)*"/.exec(rest)
            : /^'(?:[^'\\]|\\.)*'/.exec(rest);
      if (!m) fail('unterminated quoted string');
      toks.push({ t: 'lit', value: c === "'" ? unquote(m[0]).codePointAt(0)! : unquote(m[0]) });
      i += m[0].length;
      continue;
    }
    if (c === '$') {
      const m = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(rest)!;
      if (/^\$[A-Za-z0-9_]/.test(rest)) fail('unsupported Go template form: template variables ($name)');
      toks.push({
        t: 'field',
        base: 'root',
        path: m[0] === '$' ? [] : m[0].slice(2).split('.'),
        glued: false,
      });
      i += m[0].length;
      continue;
    }
    if (c === ':' || c === '=') fail('unsupported Go template form: variable declaration');
    const field = FIELD.exec(rest);
    if (field && !/^\.\d/.test(rest)) {
      toks.push({
        t: 'field',
        base: 'dot',
        path: fieldPath(field[0]),
        glued: toks.at(-1)?.t === ')' && !/\s/.test(body[i - 1] ?? ''),
      });
      i += field[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      toks.push({ t: 'lit', value: Number(num[0].replace(/_/g, '')) });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      const name = id[0];
      if (name === 'true' || name === 'false') toks.push({ t: 'lit', value: name === 'true' });
      else if (name === 'nil') toks.push({ t: 'lit', value: null });
      else toks.push({ t: 'ident', name });
      i += name.length;
      continue;
    }
    fail(`unexpected ${JSON.stringify(c)} in command`);
  }
  return toks;
}

/** Parses `body` (the action text without delimiters and keyword) into one expression. */
export function parseGoExpr(body: string, where: string): Expr {
  const fail = (msg: string): never => {
    throw new TemplateError(`${where}: ${msg}`);
  };
  const toks = tokenize(body, fail);
  let pos = 0;

  const operand = (): Expr | undefined => {
    const tok = toks[pos];
    if (!tok || tok.t === ')' || tok.t === '|') return undefined;
    pos += 1;
    if (tok.t === 'field') return { k: 'field', base: tok.base, path: tok.path };
    if (tok.t === 'lit') return { k: 'lit', value: tok.value };
    if (tok.t === 'ident') {
      if (!(GO_FUNCS as readonly string[]).includes(tok.name)) fail(`function "${tok.name}" not defined`);
      return { k: 'call', fn: tok.name as GoFunc, args: [] };
    }
    // '('
    const inner = pipeline();
    if (toks[pos]?.t !== ')') fail('unclosed left paren');
    pos += 1;
    const next = toks[pos];
    if (next?.t === 'field' && next.glued) {
      pos += 1;
      return { k: 'chain', expr: inner, path: next.path };
    }
    return inner;
  };

  const command = (piped: Expr | undefined): Expr => {
    const first = operand();
    if (!first) fail(piped ? 'missing command after |' : 'missing value for command');
    const args: Expr[] = [];
    for (let a = operand(); a; a = operand()) args.push(a);
    if (first!.k === 'call' && first!.args.length === 0) {
      return { k: 'call', fn: first!.fn, args: piped ? [...args, piped] : args };
    }
    if (args.length > 0) fail(`can't give argument to non-function ${body.trim().split(/\s+/)[0]}`);
    if (piped) fail('non executable command in pipeline stage 2');
    return first!;
  };

  function pipeline(): Expr {
    let expr = command(undefined);
    while (toks[pos]?.t === '|') {
      pos += 1;
      expr = command(expr);
    }
    return expr;
  }

  const expr = pipeline();
  if (pos < toks.length) fail(`unexpected ${toks[pos]!.t === ')' ? '")"' : 'token'} in operand`);
  return expr;
}
