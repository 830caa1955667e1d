/**
 * Parsing CESQL v1 (the subset evaluated by cesql.ts) into a small tree:
 * literals, attribute names, unary NOT/-, binary operators by precedence
 * (OR < XOR < AND < comparisons < + - < * / %), LIKE, IN, EXISTS and calls.
 */
export class CesqlError extends Error {}

export type Value = string | number | boolean;
export type Node =
  | { k: 'lit'; v: Value }
  | { k: 'attr'; name: string }
  | { k: 'exists'; name: string }
  | { k: 'un'; op: string; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'like'; a: Node; pattern: string; not: boolean }
  | { k: 'in'; a: Node; list: Node[]; not: boolean }
  | { k: 'call'; fn: string; args: Node[] };

const TOKEN =
  /\s*(?:(\d+)|'((?:[^'\\]|\\.|'')*)'|"((?:[^"\\]|\\.|"")*)"|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|!=|<>|[=<>+\-*/%(),]))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(src);
    if (!m)
      throw new CesqlError(
        `cesql: unexpected input at ${TOKEN.lastIndex}: ${src.slice(TOKEN.lastIndex, TOKEN.lastIndex + 10)}`,
      );
    if (m[1] !== undefined) out.push(`#${m[1]}`);
    // Quotes and backslashes are unescaped; other escapes (\\% in LIKE) stay for the pattern.
    else if (m[2] !== undefined) out.push(`'${m[2].replace(/''/g, "'").replace(/\\(['"\\])/g, '$1')}`);
    else if (m[3] !== undefined) out.push(`'${m[3].replace(/""/g, '"').replace(/\\(['"\\])/g, '$1')}`);
    else out.push(m[4] ?? m[5]!);
  }
  return out;
}

const BINARY: Record<string, number> = {
  OR: 1,
  XOR: 2,
  AND: 3,
  '=': 4,
  '!=': 4,
  '<>': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

export function parseCesql(src: string): Node {
  const t = tokenize(src);
  let i = 0;
  const peek = () => (t[i] ?? '').toUpperCase();
  const take = (want?: string) => {
    const tok = t[i++];
    if (tok === undefined || (want && tok.toUpperCase() !== want))
      throw new CesqlError(`cesql: expected ${want ?? 'more input'} in ${JSON.stringify(src)}`);
    return tok;
  };
  const primary = (): Node => {
    const tok = take();
    const up = tok.toUpperCase();
    if (tok.startsWith('#')) return { k: 'lit', v: Number(tok.slice(1)) };
    if (tok.startsWith("'")) return { k: 'lit', v: tok.slice(1) };
    if (up === 'TRUE' || up === 'FALSE') return { k: 'lit', v: up === 'TRUE' };
    if (up === 'NOT') return { k: 'un', op: 'NOT', a: expr(4) }; // binds looser than comparisons, tighter than AND
    if (tok === '-') return { k: 'un', op: '-', a: primary() };
    if (up === 'EXISTS') return { k: 'exists', name: take().toLowerCase() };
    if (tok === '(') {
      const inner = expr(0);
      take(')');
      return inner;
    }
    if (!/^[A-Za-z_]/.test(tok)) throw new CesqlError(`cesql: unexpected ${tok} in ${JSON.stringify(src)}`);
    if (t[i] === '(') {
      take('(');
      const args: Node[] = [];
      while (t[i] !== ')') {
        args.push(expr(0));
        if (t[i] === ',') take(',');
      }
      take(')');
      return { k: 'call', fn: up, args };
    }
    return { k: 'attr', name: tok.toLowerCase() };
  };
  const expr = (min: number): Node => {
    let left = primary();
    for (;;) {
      const op = peek();
      const negated = op === 'NOT' && ['LIKE', 'IN'].includes((t[i + 1] ?? '').toUpperCase());
      const word = negated ? (t[i + 1] ?? '').toUpperCase() : op;
      if ((word === 'LIKE' || word === 'IN') && min <= 4) {
        i += negated ? 2 : 1;
        if (word === 'LIKE') {
          const pat = take();
          if (!pat.startsWith("'")) throw new CesqlError('cesql: LIKE needs a string pattern');
          left = { k: 'like', a: left, pattern: pat.slice(1), not: negated };
        } else {
          take('(');
          const list: Node[] = [expr(0)];
          while (t[i] === ',') {
            take(',');
            list.push(expr(0));
          }
          take(')');
          left = { k: 'in', a: left, list, not: negated };
        }
        continue;
      }
      const prec = BINARY[op];
      if (prec === undefined || prec < min) return left;
      i++;
      left = { k: 'bin', op, a: left, b: expr(prec + 1) };
    }
  };
  const root = expr(0);
  if (i < t.length) throw new CesqlError(`cesql: unexpected ${t[i]} in ${JSON.stringify(src)}`);
  return root;
}
