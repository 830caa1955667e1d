/**
 * Whether capture-outputs must read the agent's log, and how much of it:
 * pure, from the Task and its Pod. The termination message is read first; the
 * kubelet keeps only its last 4096 bytes, so a longer outputs block arrives
 * cut (its start marker gone) and the log, which has the whole block, is read
 * further back. A failed agent's log is always read: its last lines say why
 * (the termination message then holds the outputs block, not the error).
 */
import type { Task } from '../core/api/types.js';
import { isFinished } from '../core/task/is-finished.js';
import type { Pod } from '../core/task/pod-types.js';
import { observe, readBlock, type BlockState, type Observation } from './observation.js';

export type { BlockState } from './observation.js';

/** Lines read when the termination message has no block, or to explain a failure. */
export const LOG_TAIL_LINES = 50;
/** Lines read when the block in the termination message was cut. */
export const CUT_BLOCK_LOG_TAIL_LINES = 1000;

/** What the termination message holds: a whole outputs block, a cut one, or none. */
export function blockState(message: string): BlockState {
  return readBlock(message).state;
}

/**
 * How many log lines to read (undefined = none): only for an agent that
 * finished. `seen` is the event's one observation of the Pod (observed here
 * when not given).
 */
export function logTailLines(task: Task, pod: Pod | undefined, seen?: Observation): number | undefined {
  if (!pod || isFinished(task)) return undefined;
  const { view, block } = seen ?? observe(pod, task.spec.type);
  if (!block) return undefined;
  if (block.state === 'cut') return CUT_BLOCK_LOG_TAIL_LINES;
  if (block.state === 'none' || view.state === 'failed') return LOG_TAIL_LINES;
  return undefined;
}
