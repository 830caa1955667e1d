/**
 * A CloudEvents SQL (CESQL v1) subset for Trigger `cesql` filters: literals
 * (strings, integers, TRUE/FALSE), attribute names, NOT, AND, OR, XOR,
 * = != <> < <= > >=, + - * / % and unary minus, LIKE (% and _), IN (...),
 * EXISTS attr, and LOWER/UPPER/LENGTH/CONCAT. As in CESQL, a comparison with
 * an integer casts the other side to an integer; a missing attribute or a
 * failed cast is an error, and an expression in error does not match.
 */
import { attribute, type PlaneEvent } from './cloud-event.js';
import { CesqlError, parseCesql, type Node, type Value } from './cesql-parse.js';

export { CesqlError, parseCesql } from './cesql-parse.js';

const toInt = (v: Value): number => {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (!/^-?\d+$/.test(v.trim())) throw new CesqlError(`cesql: cannot cast ${JSON.stringify(v)} to integer`);
  return Number(v);
};
const toBool = (v: Value): boolean => {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw new CesqlError(`cesql: cannot cast ${JSON.stringify(v)} to boolean`);
};
const toStr = (v: Value): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : v ? 'true' : 'false';

function evaluate(n: Node, e: PlaneEvent): Value {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'attr': {
      const v = attribute(e, n.name);
      if (v === undefined) throw new CesqlError(`cesql: missing attribute ${n.name}`);
      return v;
    }
    case 'exists':
      return attribute(e, n.name) !== undefined;
    case 'un':
      return n.op === 'NOT' ? !toBool(evaluate(n.a, e)) : -toInt(evaluate(n.a, e));
    case 'like':
      return likeRegExp(n.pattern).test(toStr(evaluate(n.a, e))) !== n.not;
    case 'in': {
      const v = evaluate(n.a, e);
      return n.list.some((x) => compare('=', v, evaluate(x, e))) !== n.not;
    }
    case 'call': {
      const args = n.args.map((a) => evaluate(a, e));
      if (n.fn === 'LOWER') return toStr(args[0] ?? '').toLowerCase();
      if (n.fn === 'UPPER') return toStr(args[0] ?? '').toUpperCase();
      if (n.fn === 'LENGTH') return toStr(args[0] ?? '').length;
      if (n.fn === 'CONCAT') return args.map(toStr).join('');
      throw new CesqlError(`cesql: unknown function ${n.fn}`);
    }
    case 'bin': {
      const a = evaluate(n.a, e);
      if (n.op === 'AND') return toBool(a) && toBool(evaluate(n.b, e));
      if (n.op === 'OR') return toBool(a) || toBool(evaluate(n.b, e));
      const b = evaluate(n.b, e);
      if (n.op === 'XOR') return toBool(a) !== toBool(b);
      if (['+', '-', '*', '/', '%'].includes(n.op)) return arithmetic(n.op, toInt(a), toInt(b));
      return compare(n.op, a, b);
    }
  }
}

/** LIKE pattern: % any run, _ one character, backslash escapes the next one. */
function likeRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 's');
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function arithmetic(op: string, a: number, b: number): number {
  if ((op === '/' || op === '%') && b === 0) throw new CesqlError('cesql: division by zero');
  return op === '+'
    ? a + b
    : op === '-'
      ? a - b
      : op === '*'
        ? a * b
        : op === '/'
          ? Math.trunc(a / b)
          : a % b;
}

function compare(op: string, a: Value, b: Value): boolean {
  const numeric = typeof a === 'number' || typeof b === 'number';
  const boolean = typeof a === 'boolean' || typeof b === 'boolean';
  const [x, y]: [Value, Value] = numeric ? [toInt(a), toInt(b)] : boolean ? [toBool(a), toBool(b)] : [a, b];
  switch (op) {
    case '=':
      return x === y;
    case '!=':
    case '<>':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

/** True when the expression evaluates to TRUE; errors (missing attributes, bad casts) do not match. */
export function matchCesql(expression: string, event: PlaneEvent): boolean {
  return compileCesql(expression)(event);
}

/**
 * The expression parsed once (on first use: a parse error is thrown at each
 * evaluation, as matchCesql does), evaluated per event: the broker matches
 * every event against every Trigger.
 */
export function compileCesql(expression: string): (event: PlaneEvent) => boolean {
  let ast: Node | undefined;
  return (event) => {
    ast ??= parseCesql(expression);
    try {
      const v = evaluate(ast, event);
      return typeof v === 'boolean' ? v : toBool(v);
    } catch (err) {
      if (err instanceof CesqlError) return false;
      throw err;
    }
  };
}
