import { OUTPUTS_END, OUTPUTS_START } from '../../../functions/core/api/constants.js';

/** The marker block printed to the log and the termination log; empty when there is nothing to say. */
export function formatBlock(lines: readonly string[]): string {
  if (lines.length === 0) return '';
  return [OUTPUTS_START, ...lines, OUTPUTS_END].join('\n') + '\n';
}
