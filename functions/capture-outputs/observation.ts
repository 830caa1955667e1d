/**
 * One look at a Task's Pod per event: the agent's state (observe-pod.ts) and,
 * once it finished, its termination message parsed once — the outputs block
 * and whether it is whole, cut, or absent. Both the log-tail choice and the
 * decision read this, so neither observes the Pod nor parses outputs again.
 */
import { OUTPUTS_END, OUTPUTS_START, TERMINATION_MESSAGE_MAX_BYTES } from '../core/api/constants.js';
import { parseOutputs } from '../core/outputs/parse-outputs.js';
import type { Pod } from '../core/task/pod-types.js';
import { observePod, type PodView } from './observe-pod.js';

export type BlockState = 'complete' | 'cut' | 'none';

export interface TerminationBlock {
  /** The outputs of a whole block in the termination message. */
  outputs: string[] | undefined;
  state: BlockState;
}

export interface Observation {
  pod: Pod;
  view: PodView;
  /** Set when the agent finished (view succeeded or failed). */
  block?: TerminationBlock;
}

/** What a termination message holds: a whole outputs block, a cut one (the kubelet keeps 4096 bytes), or none. */
export function readBlock(message: string): TerminationBlock {
  const outputs = parseOutputs(message);
  if (outputs !== undefined) return { outputs, state: 'complete' };
  const cutAtStart = message.includes(OUTPUTS_END) && !message.includes(OUTPUTS_START);
  const full = Buffer.byteLength(message) >= TERMINATION_MESSAGE_MAX_BYTES;
  return { outputs, state: cutAtStart || (full && !message.includes(OUTPUTS_START)) ? 'cut' : 'none' };
}

export function observe(pod: Pod, agentContainer: string): Observation {
  const view = observePod(pod, agentContainer);
  if (view.state !== 'succeeded' && view.state !== 'failed') return { pod, view };
  return { pod, view, block: readBlock(view.terminationMessage) };
}
