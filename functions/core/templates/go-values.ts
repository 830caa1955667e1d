/**
 * Go text/template semantics over plain JSON-like values, so data built in
 * TypeScript behaves as the original's Go maps and slices did:
 * - objects are maps (`map[string]string` when every value is a string,
 *   otherwise `map[string]interface{}`), arrays are slices, null is nil;
 * - truth, field access (missingkey=error), index, len, eq and printing
 *   follow Go, including fmt's `[a b]` and `map[k:v]` (keys sorted).
 */
import { GoExecError } from './template-error.js';

export type GoValue = unknown;

function isMap(v: GoValue): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringMap(v: Record<string, unknown>): boolean {
  return Object.values(v).every((x) => typeof x === 'string');
}

export function goTypeName(v: GoValue): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? '[]string' : '[]interface {}';
  if (isMap(v)) return isStringMap(v) ? 'map[string]string' : 'map[string]interface {}';
  return typeof v;
}

/** Go's `truth`: false, 0, "", nil and empty slices/maps are false. */
export function goTruth(v: GoValue): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** `.A.B` with missingkey=error. */
export function goField(v: GoValue, path: readonly string[]): GoValue {
  let cur = v;
  for (const key of path) {
    if (cur === null || cur === undefined)
      throw new GoExecError(`nil pointer evaluating interface {}.${key}`);
    if (!isMap(cur)) throw new GoExecError(`can't evaluate field ${key} in type ${goTypeName(cur)}`);
    if (!Object.prototype.hasOwnProperty.call(cur, key))
      throw new GoExecError(`map has no entry for key "${key}"`);
    cur = cur[key] ?? null;
  }
  return cur;
}

/** Go's builtin `index`: a missing map key gives the element's zero value ("" or nil). */
export function goIndex(v: GoValue, keys: readonly GoValue[]): GoValue {
  let cur = v;
  for (const key of keys) {
    if (cur === null || cur === undefined) throw new GoExecError('error calling index: index of untyped nil');
    if (Array.isArray(cur) || typeof cur === 'string') {
      if (typeof key !== 'number' || !Number.isInteger(key)) {
        throw new GoExecError(`error calling index: cannot index slice/array with type ${goTypeName(key)}`);
      }
      const len = typeof cur === 'string' ? Buffer.byteLength(cur) : cur.length;
      if (key < 0 || key >= len) throw new GoExecError(`error calling index: index out of range: ${key}`);
      cur = typeof cur === 'string' ? Buffer.from(cur)[key]! : (cur[key] ?? null);
    } else if (isMap(cur)) {
      if (typeof key !== 'string')
        throw new GoExecError(`error calling index: value has type ${goTypeName(key)}; should be string`);
      if (Object.prototype.hasOwnProperty.call(cur, key)) cur = cur[key] ?? null;
      else cur = isStringMap(cur) ? '' : null;
    } else {
      throw new GoExecError(`error calling index: can't index item of type ${goTypeName(cur)}`);
    }
  }
  return cur;
}

export function goLen(v: GoValue): number {
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw new GoExecError(
    `error calling len: len of ${v === null || v === undefined ? 'nil pointer' : `type ${goTypeName(v)}`}`,
  );
}

export function goEq(a: GoValue, b: GoValue): boolean {
  const basic = (x: GoValue): boolean =>
    x === null || x === undefined || ['string', 'number', 'boolean'].includes(typeof x);
  if (!basic(a) || !basic(b)) throw new GoExecError('error calling eq: incompatible types for comparison');
  if (a !== null && a !== undefined && b !== null && b !== undefined && typeof a !== typeof b) {
    throw new GoExecError('error calling eq: incompatible types for comparison');
  }
  return (a ?? null) === (b ?? null);
}

/** Values in the order Go's `range` visits them: slices in order, maps by sorted key, ints 0..n-1. */
export function goRangeItems(v: GoValue): GoValue[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map((x) => x ?? null);
  if (isMap(v)) return sortedKeys(v).map((k) => v[k] ?? null);
  if (typeof v === 'number' && Number.isInteger(v))
    return Array.from({ length: Math.max(0, v) }, (_, i) => i);
  throw new GoExecError(`range can't iterate over ${goFormat(v, true)}`);
}

function sortedKeys(m: Record<string, unknown>): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** fmt's %v. `top` is true for the value an action prints, where nil prints `<no value>`. */
export function goFormat(v: GoValue, top = false): string {
  if (v === null || v === undefined) return top ? '<no value>' : '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatFloat(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map((x) => goFormat(x)).join(' ')}]`;
  if (isMap(v))
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${goFormat(v[k])}`)
      .join(' ')}]`;
  return String(v);
}

/** Go's %v for float64: strconv 'g' with the shortest digits, exponent form below 1e-4 or from 1e6. */
function formatFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  const [mantissa, e] = v.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp >= -4 && exp < 6) return String(v);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
