/**
 * Token usage and cost read from the agent CLI's own JSON-lines output
 * (KELOS-BEHAVIOUR §5.1, adapted to what the pinned CLIs print):
 * - claude-code: the last `result` line: `total_cost_usd`, `usage.input_tokens`, `usage.output_tokens`.
 * - codex: `usage.input_tokens` / `usage.output_tokens` summed over `turn.completed` lines.
 * - gemini: the last `result` line: `stats.input_tokens` / `stats.output_tokens`
 *   (the original's `stats.inputTokens` / `outputTokens` still accepted).
 * - opencode: `part.tokens.input` / `part.tokens.output` (and `part.cost`) summed over `step_finish` lines.
 * Returned in the order cost-usd, input-tokens, output-tokens, only those present.
 */
export type UsageKey = 'cost-usd' | 'input-tokens' | 'output-tokens';
export type UsageLine = [UsageKey, string];

/** Longest line considered, as the original's scanner buffer. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

type Json = Record<string, unknown>;

function records(text: string): Json[] {
  const out: Json[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.length > MAX_LINE_BYTES) continue;
    try {
      const v: unknown = JSON.parse(trimmed);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(v as Json);
    } catch {
      // Malformed lines (progress text, partial writes) are skipped.
    }
  }
  return out;
}

function at(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[key];
  }
  return cur;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function build(cost: number | undefined, input: number | undefined, output: number | undefined): UsageLine[] {
  const lines: UsageLine[] = [];
  if (cost !== undefined) lines.push(['cost-usd', String(cost)]);
  if (input !== undefined) lines.push(['input-tokens', String(input)]);
  if (output !== undefined) lines.push(['output-tokens', String(output)]);
  return lines;
}

function lastOfType(recs: Json[], type: string): Json | undefined {
  return recs.filter((r) => r['type'] === type).at(-1);
}

/**
 * Sum of a field over records; undefined when no record has it or the sum is zero.
 * Rounded to 12 decimals so float noise does not show (0.1 + 0.2 prints as 0.3);
 * single values elsewhere are printed verbatim.
 */
function sum(recs: Json[], ...path: string[]): number | undefined {
  let total = 0;
  for (const r of recs) total += num(at(r, ...path)) ?? 0;
  return total === 0 ? undefined : Number(total.toFixed(12));
}

export function parseUsage(agentType: string, text: string): UsageLine[] {
  const recs = records(text);
  switch (agentType) {
    case 'claude-code': {
      const r = lastOfType(recs, 'result');
      if (!r) return [];
      return build(
        num(r['total_cost_usd']),
        num(at(r, 'usage', 'input_tokens')),
        num(at(r, 'usage', 'output_tokens')),
      );
    }
    case 'codex': {
      const turns = recs.filter((r) => r['type'] === 'turn.completed');
      return build(undefined, sum(turns, 'usage', 'input_tokens'), sum(turns, 'usage', 'output_tokens'));
    }
    case 'gemini': {
      const r = lastOfType(recs, 'result');
      if (!r) return [];
      const input = num(at(r, 'stats', 'input_tokens')) ?? num(at(r, 'stats', 'inputTokens'));
      const output = num(at(r, 'stats', 'output_tokens')) ?? num(at(r, 'stats', 'outputTokens'));
      return build(undefined, input, output);
    }
    case 'opencode': {
      const steps = recs.filter((r) => r['type'] === 'step_finish');
      return build(
        sum(steps, 'part', 'cost'),
        sum(steps, 'part', 'tokens', 'input'),
        sum(steps, 'part', 'tokens', 'output'),
      );
    }
    default:
      return [];
  }
}
