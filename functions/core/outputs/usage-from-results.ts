/**
 * Token usage and cost from the results the capture tool prints
 * (`cost-usd`, `input-tokens`, `output-tokens`). A value is kept only when it
 * parses as a number greater than zero, as the original's metrics do.
 */
import type { TaskUsage } from '../api/types.js';

/** A finite number > 0, or undefined. */
export function positiveNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export function usageFromResults(results: Record<string, string> | undefined): TaskUsage | undefined {
  if (!results) return undefined;
  const usage: TaskUsage = {};
  const input = positiveNumber(results['input-tokens']);
  const output = positiveNumber(results['output-tokens']);
  const cost = positiveNumber(results['cost-usd']);
  if (input !== undefined) usage.inputTokens = Math.round(input);
  if (output !== undefined) usage.outputTokens = Math.round(output);
  // Kept as the agent printed it: a decimal string avoids float drift in status.
  if (cost !== undefined) usage.costUSD = results['cost-usd']!.trim();
  return Object.keys(usage).length > 0 ? usage : undefined;
}
