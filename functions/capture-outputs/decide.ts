/**
 * capture-outputs' decision for one Task, from the Task, its Pod (undefined
 * when there is none of ours) and, for a finished agent without a termination
 * message, the tail of its log. Pure: returns the status to write and what to
 * do after a successful write; undefined status = nothing to change.
 */
import type { Stored } from '../core/api/kube-types.js';
import type { Task, TaskPhase, TaskStatus } from '../core/api/types.js';
import { parseOutputs, resultsFromOutputs } from '../core/outputs/parse-outputs.js';
import { usageFromResults } from '../core/outputs/usage-from-results.js';
import { findCondition, withPhase } from '../core/task/conditions.js';
import { isFinished } from '../core/task/is-finished.js';
import type { Pod } from '../core/task/pod-types.js';
import { agentFailureMessage } from './failure-reason.js';
import {
  CONDITION_IMAGE_PULL_FAILING,
  imagePullFailedMessage,
  imagePullFailingSince,
  imagePullMessage,
  imagePullProblem,
  withImagePullCondition,
  type ImagePullProblem,
} from './image-pull.js';
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
  /** Delete the Pod once the write took (an image that never came: stop the kubelet's retries). */
  deletePod?: boolean;
}

export const DEFAULT_IMAGE_PULL_TIMEOUT_MS = 5 * 60_000;

export interface CaptureInput {
  task: Task;
  pod: Stored<Pod> | undefined;
  now: Date;
  /** How long an image may fail to pull (from the first time seen) before the Task fails; default 5 minutes. */
  imagePullTimeoutMs?: number;
  /** Last lines of the agent container log, when log-tail.ts says to read them. */
  logs?: string | undefined;
  /** The event's one observation of `pod` (observed here when not given). */
  seen?: Observation | undefined;
}

type FinishedView = Extract<PodView, { state: 'succeeded' | 'failed' }>;

const ACTIVE = new Set<TaskPhase | undefined>(['Pending', 'Running']);

export function decideCapture(input: CaptureInput): CaptureDecision {
  const { task, pod, now, logs, seen } = input;
  const status = task.status ?? {};
  if (isFinished(task) || task.metadata.deletionTimestamp) return {};
  const gen = task.metadata.generation;

  if (!pod) {
    if (!status.podName || !ACTIVE.has(status.phase)) return {};
    return finish(task, podDeleted(status.podName), now, logs);
  }
  const podName = pod.metadata.name;
  const { view, block } = seen ?? observe(pod, task.spec.type);
  switch (view.state) {
    case 'succeeded':
    case 'failed':
      return finish({ ...task, status: { ...status, podName } }, view, now, logs, block);
    case 'deleting':
      return finish({ ...task, status: { ...status, podName } }, podDeleted(podName), now, logs);
    case 'running': {
      if (status.phase === 'Running' && status.podName === podName) return {};
      const moved = withPhase(status, 'Running', '', now, gen);
      const conditions = withImagePullCondition(moved.conditions, undefined, now);
      return { status: { ...moved, conditions, podName, startTime: now.toISOString() }, event: 'running' };
    }
    case 'starting': {
      const problem = imagePullProblem(pod);
      if (problem) return imagePullDecision(task, podName, problem, now, input.imagePullTimeoutMs);
      if (findCondition(status.conditions, CONDITION_IMAGE_PULL_FAILING)?.status === 'True') {
        // The image came after all: clear the condition and the message it set.
        const moved = withPhase(status, 'Pending', '', now, gen);
        return {
          status: { ...moved, conditions: withImagePullCondition(moved.conditions, undefined, now), podName },
        };
      }
      // Admission made the Task Pending; the Pod's name is recorded with the next write that has
      // something to say (Running, image trouble, finished, gone), not for a Pod merely starting.
      if (status.phase === 'Pending' && (!status.podName || status.podName === podName)) return {};
      if (status.phase === 'Running')
        return status.podName === podName ? {} : { status: { ...status, podName } };
      // Admitted by an older version (no phase), or Waiting with a Pod: Pending, with the Pod's name.
      return { status: { ...withPhase(status, 'Pending', status.message ?? '', now, gen), podName } };
    }
  }
}

/**
 * An image that cannot be pulled: Pending with a message saying so and the
 * ImagePullFailing condition (first seen = its lastTransitionTime); once that
 * is `timeoutMs` ago (checked on every event and resync tick) the Task fails
 * and the Pod is deleted.
 */
function imagePullDecision(
  task: Task,
  podName: string,
  problem: ImagePullProblem,
  now: Date,
  timeoutMs = DEFAULT_IMAGE_PULL_TIMEOUT_MS,
): CaptureDecision {
  const status = task.status ?? {};
  const since = imagePullFailingSince(status.conditions);
  if (since && now.getTime() - since.getTime() >= timeoutMs) {
    const view: FinishedView = {
      state: 'failed',
      message: imagePullFailedMessage(problem, timeoutMs),
      terminationMessage: '',
    };
    return { ...finish({ ...task, status: { ...status, podName } }, view, now, undefined), deletePod: true };
  }
  const message = imagePullMessage(problem);
  const phase = status.phase === 'Running' ? 'Running' : 'Pending';
  if (since && status.message === message && status.podName === podName) return {};
  const moved = withPhase(status, phase, message, now, task.metadata.generation);
  return {
    status: { ...moved, conditions: withImagePullCondition(moved.conditions, problem, now), podName },
  };
}

/** The Pod went away (or is going) under an unfinished agent: the Task fails, with no outputs. */
function podDeleted(podName: string): FinishedView {
  return {
    state: 'failed',
    message: `Pod ${podName} was deleted before the agent finished`,
    terminationMessage: '',
  };
}

/** The agent's own failure gets its exit code and the gist of its last output; other failures keep their message. */
function failedMessage(
  view: Extract<FinishedView, { state: 'failed' }>,
  logs: string | undefined,
  block: TerminationBlock,
): string {
  if (!view.agentExit) return view.message;
  const term = view.terminationMessage;
  // Without an outputs block the termination message is the agent's own last words (or, by
  // FallbackToLogsOnError, the kubelet's copy of its log tail); with one, the log tail says more.
  const output = term.trim() !== '' && block.state === 'none' ? term : (logs ?? '');
  return agentFailureMessage(view.agentExit, output);
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
    (view.state === 'succeeded' ? 'Task completed successfully' : failedMessage(view, logs, block)) +
    (lost ? OUTPUTS_LOST : '');
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
