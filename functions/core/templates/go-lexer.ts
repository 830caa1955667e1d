/**
 * Splits a Go text/template source into literal text and actions, applying
 * the `{{- ` / ` -}}` trim markers exactly as Go does (all adjacent spaces,
 * tabs, CRs and newlines are removed) and dropping `{{/* comments *\/}}`.
 */
import { TemplateError } from './template-error.js';

export type GoToken = { kind: 'text'; value: string } | { kind: 'action'; body: string; line: number };

const SPACE = /[ \t\r\n]/;

/** Index just past the closing `}}` of the action whose body starts at `from`; strings may contain `}}`. */
function findActionEnd(src: string, from: number, line: number, name: string): number {
  let i = from;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' || c === '`' || c === "'") {
      i = skipQuoted(src, i, c, line, name);
      continue;
    }
    if (c === '/' && src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new TemplateError(`template: ${name}:${line}: unclosed comment`);
      i = end + 2;
      continue;
    }
    if (c === '}' && src[i + 1] === '}') return i;
    i += 1;
  }
  throw new TemplateError(`template: ${name}:${line}: unclosed action`);
}

function skipQuoted(src: string, start: number, quote: string, line: number, name: string): number {
  let i = start + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && quote !== '`') i += 2;
    else if (c === quote) return i + 1;
    else if (c === '\n' && quote !== '`') break;
    else i += 1;
  }
  throw new TemplateError(`template: ${name}:${line}: unterminated quoted string`);
}

function countLines(s: string): number {
  let n = 0;
  for (const c of s) if (c === '\n') n += 1;
  return n;
}

export function lexGoTemplate(src: string, name: string): GoToken[] {
  const tokens: GoToken[] = [];
  let pos = 0;
  let line = 1;
  let trimNext = false;
  while (pos <= src.length) {
    const open = src.indexOf('{{', pos);
    let text = src.slice(pos, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    if (open < 0) {
      if (text) tokens.push({ kind: 'text', value: text });
      break;
    }
    const trimLeft = src[open + 2] === '-' && SPACE.test(src[open + 3] ?? '');
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    if (text) tokens.push({ kind: 'text', value: text });
    line += countLines(src.slice(pos, open));
    const bodyStart = open + (trimLeft ? 4 : 2);
    const close = findActionEnd(src, bodyStart, line, name);
    let body = src.slice(bodyStart, close);
    trimNext = /[ \t\r\n]-$/.test(body);
    if (trimNext) body = body.slice(0, -2);
    const trimmed = body.trim();
    if (!(trimmed.startsWith('/*') && trimmed.endsWith('*/')))
      tokens.push({ kind: 'action', body: trimmed, line });
    line += countLines(src.slice(open, close + 2));
    pos = close + 2;
  }
  return tokens;
}
