/**
 * capture-outputs' decision for one Task, from the Task, its Pod (undefined
 * when there is none of ours) and, for a finished agent without a termination
 * message, the tail of its log. Pure: returns the status to write and what to
 * do after a successful write; undefined status = nothing to change.
 */
import type { Task, TaskPhase, TaskStatus } from '../core/api/types.js';
import { parseOutputs, resultsFromOutputs } from '../core/outputs/parse-outputs.js';
import { usageFromResults } from '../core/outputs/usage-from-results.js';
import { withPhase } from '../core/task/conditions.js';
import { isFinished } from '../core/task/is-finished.js';
import type { Pod } from '../core/task/pod-types.js';
import { observe, readBlock, type Observation, type TerminationBlock } from './observation.js';
import type { PodView } from './observe-pod.js';

export const OUTPUTS_LOST =
  ' (outputs lost: the termination message was cut at 4096 bytes and the log has no whole outputs block)';

export interface CaptureDecision {
  status?: TaskStatus;
  /** The event to emit once the write succeeded. */
  event?: 'running' | 'succeeded' | 'failed';
  /** Set on the transition to Succeeded/Failed: record metrics, release the branch. */
  terminal?: 'Succeeded' | 'Failed';
}

export interface CaptureInput {
  task: Task;
  pod: Pod | undefined;
  now: Date;
  /** Last lines of the agent container log, when the termination message had no outputs. */
  logs?: string | undefined;
  /** The event's one observation of `pod` (observed here when not given). */
  seen?: Observation | undefined;
}

type FinishedView = Extract<PodView, { state: 'succeeded' | 'failed' }>;

const ACTIVE = new Set<TaskPhase | undefined>(['Pending', 'Running']);

export function decideCapture({ task, pod, now, logs, seen }: CaptureInput): CaptureDecision {
  const status = task.status ?? {};
  if (isFinished(task) || task.metadata.deletionTimestamp) return {};
  const gen = task.metadata.generation;

  if (!pod) {
    if (!status.podName || !ACTIVE.has(status.phase)) return {};
    return finish(task, podDeleted(status.podName), now, logs);
  }
  const podName = pod.metadata.name!;
  const { view, block } = seen ?? observe(pod, task.spec.type);
  switch (view.state) {
    case 'succeeded':
    case 'failed':
      return finish({ ...task, status: { ...status, podName } }, view, now, logs, block);
    case 'deleting':
      return finish(task, podDeleted(podName), now, logs);
    case 'running':
      if (status.phase === 'Running' && status.podName === podName) return {};
      return {
        status: { ...withPhase(status, 'Running', '', now, gen), podName, startTime: now.toISOString() },
        event: 'running',
      };
    case 'starting':
      if (status.phase === 'Pending' && status.podName === podName) return {};
      if (status.phase === 'Running')
        return status.podName === podName ? {} : { status: { ...status, podName } };
      // launch-pod created the Pod but did not record it (crashed, or lost the race): record it here.
      return { status: { ...withPhase(status, 'Pending', status.message ?? '', now, gen), podName } };
  }
}

/** The Pod went away (or is going) under an unfinished agent: the Task fails, with no outputs. */
function podDeleted(podName: string): FinishedView {
  return {
    state: 'failed',
    message: `Pod ${podName} was deleted before the agent finished`,
    terminationMessage: '',
  };
}

function finish(
  task: Task,
  view: FinishedView,
  now: Date,
  logs: string | undefined,
  block: TerminationBlock = readBlock(view.terminationMessage),
): CaptureDecision {
  const phase = view.state === 'succeeded' ? 'Succeeded' : 'Failed';
  const outputs = block.outputs ?? (logs !== undefined ? parseOutputs(logs) : undefined);
  // A cut block the log could not make up for: say so rather than succeed with silently missing outputs.
  const lost = outputs === undefined && block.state === 'cut';
  const message =
    (view.state === 'succeeded' ? 'Task completed successfully' : view.message) + (lost ? OUTPUTS_LOST : '');
  const results = resultsFromOutputs(outputs);
  const usage = usageFromResults(results);
  const prev = task.status ?? {};
  const next: TaskStatus = {
    ...withPhase(prev, phase, message, now, task.metadata.generation),
    completionTime: now.toISOString(),
  };
  if (!prev.startTime && view.startedAt) next.startTime = view.startedAt;
  if (outputs) next.outputs = outputs;
  if (results) next.results = results;
  if (usage) next.usage = usage;
  return { status: next, event: phase === 'Succeeded' ? 'succeeded' : 'failed', terminal: phase };
}
