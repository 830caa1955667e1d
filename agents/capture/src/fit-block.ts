/**
 * The outputs block for the termination log, kept within what the kubelet
 * keeps of a termination message (the last 4096 bytes: a longer block would
 * lose its start marker and with it every output). A block that fits is kept
 * as printed. Otherwise the lines of the keys Kelos itself reads come first,
 * in a fixed order, and the other results follow in their own order while they
 * fit. A line that does not fit is left out and the next
 * ones are still tried; the full block is still printed to the log.
 */
import { TERMINATION_MESSAGE_MAX_BYTES } from '../../../functions/core/api/constants.js';
import { formatBlock } from './format-block.js';

/** The kubelet's limit on one container's termination message, in bytes. */
export const TERMINATION_MESSAGE_LIMIT = TERMINATION_MESSAGE_MAX_BYTES;

/** Keys Kelos reads (branch, commit, PRs, base branch, usage), in the order they are kept. */
export const KNOWN_KEYS = [
  'branch',
  'commit',
  'pr',
  'base-branch',
  'cost-usd',
  'input-tokens',
  'output-tokens',
];

function keyOf(line: string): string {
  const i = line.indexOf(': ');
  return i > 0 ? line.slice(0, i) : '';
}

function rank(line: string): number {
  const i = KNOWN_KEYS.indexOf(keyOf(line));
  return i < 0 ? KNOWN_KEYS.length : i;
}

export interface FittedBlock {
  block: string;
  /** Lines left out because they did not fit. */
  dropped: number;
}

export function fitBlock(lines: readonly string[], limit = TERMINATION_MESSAGE_LIMIT): FittedBlock {
  const whole = formatBlock(lines);
  if (Buffer.byteLength(whole) <= limit) return { block: whole, dropped: 0 };
  // A stable sort: known keys by rank, everything else after them in its own order.
  const ordered = lines
    .map((line, i) => ({ line, i }))
    .sort((a, b) => rank(a.line) - rank(b.line) || a.i - b.i);
  const kept: string[] = [];
  let size = Buffer.byteLength(formatBlock(['x'])) - 2; // the two markers and their newlines
  for (const { line } of ordered) {
    const bytes = Buffer.byteLength(line) + 1;
    if (size + bytes > limit) continue;
    kept.push(line);
    size += bytes;
  }
  return { block: formatBlock(kept), dropped: lines.length - kept.length };
}
