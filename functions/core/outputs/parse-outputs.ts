/**
 * Reads the output block the agent image prints after the agent exits
 * (KELOS-BEHAVIOUR §2.9): the text between the first start marker and the
 * first end marker after it, one `key: value` line per output.
 */
import { OUTPUTS_END, OUTPUTS_START } from '../api/constants.js';

/** Trimmed, non-empty lines between the markers; undefined when there are none. */
export function parseOutputs(text: string): string[] | undefined {
  const start = text.indexOf(OUTPUTS_START);
  const end = text.indexOf(OUTPUTS_END);
  // The original takes the first end marker anywhere and requires it to follow the start.
  if (start < 0 || end < 0 || end <= start) return undefined;
  const lines = text
    .slice(start + OUTPUTS_START.length, end)
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.length > 0 ? lines : undefined;
}

/** `key: value` pairs split at the first `": "`; later duplicates win; undefined when none. */
export function resultsFromOutputs(lines: readonly string[] | undefined): Record<string, string> | undefined {
  const results: Record<string, string> = {};
  let found = false;
  for (const line of lines ?? []) {
    const i = line.indexOf(': ');
    if (i <= 0) continue;
    results[line.slice(0, i)] = line.slice(i + 2);
    found = true;
  }
  return found ? results : undefined;
}
