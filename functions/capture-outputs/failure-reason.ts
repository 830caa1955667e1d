/**
 * Why an agent failed, in one bounded line for the Task's message: the agent
 * container's exit code and reason, then the gist of the last lines it wrote
 * (its termination message when that is not an outputs block — with
 * FallbackToLogsOnError the kubelet puts the log's tail there — else the log
 * tail, without the outputs block). JSON lines of the agent CLIs are reduced to
 * their error text (`error.message`, `message`, an error `result`); other JSON
 * lines are progress and dropped. Secrets are redacted. Pure.
 */
import { OUTPUTS_END, OUTPUTS_START } from '../core/api/constants.js';
import { redactSecrets } from './redact.js';

/** Longest reason text kept (the end is kept: the last words are usually the cause). */
export const REASON_MAX_CHARS = 400;
const MAX_LINES = 3;

export interface AgentExit {
  container: string;
  exitCode: number;
  reason?: string | undefined;
}

type Json = Record<string, unknown>;

const TEXT_KEYS = ['error', 'message', 'data', 'result', 'detail', 'content', 'text'];
const isBareWord = (t: string): boolean => !/\s/.test(t);

/**
 * The error text inside a JSON value (nested JSON strings and arrays included),
 * if any. A bare word (`"error": "unknown"`) is taken only when nothing says more.
 */
function errorText(v: unknown, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{')) {
      try {
        const inner = errorText(JSON.parse(t) as unknown, depth + 1);
        if (inner) return inner;
      } catch {
        // Not JSON after all: the string itself is the text.
      }
    }
    return t === '' ? undefined : t;
  }
  if (v === null || typeof v !== 'object') return undefined;
  const candidates = Array.isArray(v)
    ? v.map((x) => errorText(x, depth + 1))
    : TEXT_KEYS.map((key) => errorText((v as Json)[key], depth + 1));
  const found = candidates.filter((c): c is string => c !== undefined);
  return found.find((c) => !isBareWord(c)) ?? found[0];
}

function isErrorRecord(o: Json): boolean {
  const type = typeof o['type'] === 'string' ? o['type'] : '';
  return o['is_error'] === true || 'error' in o || /error|fail/i.test(type) || o['status'] === 'error';
}

/**
 * A log line as a reason: plain text as is; a JSON line as its error text, or
 * nothing. `weak`: the JSON said one bare word (claude-code's retries say
 * `"error": "unknown"`), quoted only when no line says more.
 */
function gist(line: string): { text: string; weak: boolean } | undefined {
  const t = line.trim();
  if (t === '') return undefined;
  if (!t.startsWith('{')) return { text: t, weak: false };
  try {
    const v = JSON.parse(t) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const text = isErrorRecord(v as Json) ? errorText(v) : undefined;
    return text === undefined ? undefined : { text, weak: isBareWord(text) };
  } catch {
    return { text: t, weak: false };
  }
}

/** The text without its outputs block (and anything after it). */
function withoutBlock(text: string): string {
  const start = text.lastIndexOf(OUTPUTS_START);
  if (start >= 0) return text.slice(0, start);
  const end = text.lastIndexOf(OUTPUTS_END);
  return end >= 0 ? text.slice(end + OUTPUTS_END.length) : text;
}

/** The gist of the last lines of `text`, redacted and bounded; '' when there is nothing to say. */
export function reasonFromOutput(text: string): string {
  const seen = new Set<string>();
  const strong: string[] = [];
  const weak: string[] = [];
  const lines = withoutBlock(text).split('\n');
  for (let i = lines.length - 1; i >= 0 && strong.length < MAX_LINES; i--) {
    const g = gist(lines[i]!);
    if (g === undefined || seen.has(g.text)) continue;
    seen.add(g.text);
    if (!g.weak) strong.unshift(g.text);
    else if (weak.length < MAX_LINES) weak.unshift(g.text);
  }
  const picked = strong.length > 0 ? strong : weak;
  const joined = redactSecrets(picked.join(' | ').replace(/\s+/g, ' ').trim());
  return joined.length > REASON_MAX_CHARS ? `…${joined.slice(-(REASON_MAX_CHARS - 1))}` : joined;
}

/** `Task failed: agent container <c> exited with code <n>[ (<reason>)][: <gist>]`. */
export function agentFailureMessage(exit: AgentExit, output: string): string {
  const why = exit.reason && exit.reason !== 'Error' ? ` (${exit.reason})` : '';
  const gistText = reasonFromOutput(output);
  return (
    `Task failed: agent container ${exit.container} exited with code ${exit.exitCode}${why}` +
    (gistText ? `: ${gistText}` : '')
  );
}
