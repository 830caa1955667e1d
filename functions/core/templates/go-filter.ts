/**
 * The `go` Liquid filter: executes one Go template operation (see
 * go-to-liquid.ts) with Go's semantics, and prefixes any failure with the
 * position and action text Go would report.
 */
import type { GoOp } from './go-to-liquid.js';
import { GoExecError } from './template-error.js';
import { goEq, goField, goFormat, goIndex, goLen, goRangeItems, goTruth, type GoValue } from './go-values.js';

/** Go's and/or: the first argument matching `stop`, else the last. */
function pick(args: GoValue[], stop: (a: GoValue) => boolean): GoValue {
  const i = args.findIndex(stop);
  return args[i < 0 ? args.length - 1 : i] ?? null;
}

function call(fn: string, args: GoValue[]): GoValue {
  const need = (n: number): void => {
    if (args.length !== n)
      throw new GoExecError(`wrong number of args for ${fn}: want ${n} got ${args.length}`);
  };
  switch (fn) {
    case 'index':
      if (args.length < 1) throw new GoExecError('wrong number of args for index: want at least 1 got 0');
      return goIndex(args[0], args.slice(1));
    case 'len':
      need(1);
      return goLen(args[0]);
    case 'not':
      need(1);
      return !goTruth(args[0]);
    case 'and':
      if (args.length < 1) throw new GoExecError('wrong number of args for and: want at least 1 got 0');
      return pick(args, (a) => !goTruth(a));
    case 'or':
      if (args.length < 1) throw new GoExecError('wrong number of args for or: want at least 1 got 0');
      return pick(args, goTruth);
    case 'eq':
      if (args.length < 2)
        throw new GoExecError('wrong number of args for eq: want at least 2 got ' + args.length);
      return args.slice(1).some((b) => goEq(args[0], b));
    case 'ne':
      need(2);
      return !goEq(args[0], args[1]);
    case 'print':
      // fmt.Sprint: a space between operands when neither side is a string.
      return args.reduce<string>((out, a, i) => {
        const sep = i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '';
        return out + sep + goFormat(a);
      }, '');
    default:
      throw new GoExecError(`function "${fn}" not defined`);
  }
}

export function goFilter(desc: GoOp, ...args: GoValue[]): GoValue {
  try {
    switch (desc.op) {
      case 'field':
        return goField(args[0], desc.path);
      case 'call':
        return call(desc.fn, args) ?? null;
      case 'truth':
        return goTruth(args[0]);
      case 'print':
        return goFormat(args[0], true);
      case 'range':
        return goRangeItems(args[0]);
    }
  } catch (err) {
    if (!(err instanceof GoExecError)) throw err;
    throw new GoExecError(`${desc.at}: ${err.message}`, { cause: err });
  }
}
