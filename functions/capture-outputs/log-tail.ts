/**
 * Whether capture-outputs must read the agent's log, and how much of it:
 * pure, from the Task and its Pod. The termination message is read first; the
 * kubelet keeps only its last 4096 bytes, so a longer outputs block arrives
 * cut (its start marker gone) and the log, which has the whole block, is read
 * further back. A failed agent's log is always read: its last lines say why
 * (the termination message then holds the outputs block, not the error).
 */
import { OUTPUTS_END, OUTPUTS_START, TERMINATION_MESSAGE_MAX_BYTES } from '../core/api/constants.js';
import type { Task } from '../core/api/types.js';
import { parseOutputs } from '../core/outputs/parse-outputs.js';
import { isFinished } from '../core/task/is-finished.js';
import type { Pod } from '../core/task/pod-types.js';
import { observePod } from './observe-pod.js';

/** Lines read when the termination message has no block, or to explain a failure. */
export const LOG_TAIL_LINES = 50;
/** Lines read when the block in the termination message was cut. */
export const CUT_BLOCK_LOG_TAIL_LINES = 1000;

export type BlockState = 'complete' | 'cut' | 'none';

/** What the termination message holds: a whole outputs block, a cut one, or none. */
export function blockState(message: string): BlockState {
  if (parseOutputs(message) !== undefined) return 'complete';
  const cutAtStart = message.includes(OUTPUTS_END) && !message.includes(OUTPUTS_START);
  const full = Buffer.byteLength(message) >= TERMINATION_MESSAGE_MAX_BYTES;
  return cutAtStart || (full && !message.includes(OUTPUTS_START)) ? 'cut' : 'none';
}

/** How many log lines to read (undefined = none): only for an agent that finished. */
export function logTailLines(task: Task, pod: Pod | undefined): number | undefined {
  if (!pod || isFinished(task)) return undefined;
  const view = observePod(pod, task.spec.type);
  if (view.state !== 'succeeded' && view.state !== 'failed') return undefined;
  const state = blockState(view.terminationMessage);
  if (state === 'cut') return CUT_BLOCK_LOG_TAIL_LINES;
  if (state === 'none' || view.state === 'failed') return LOG_TAIL_LINES;
  return undefined;
}
