/**
 * What a Task's Pod says about the agent, read the way a kubelet reports it:
 * the agent container (named after the Task type) running or terminated, the
 * Pod failed as a whole (deadline, eviction, an init container), or still
 * starting. Pure; capture-outputs decides from this.
 */
import type { ContainerStatus, Pod } from '../core/task/pod-types.js';
import { reasonFromOutput, type AgentExit } from './failure-reason.js';

export type PodView =
  | { state: 'starting' }
  | { state: 'running' }
  | { state: 'deleting' }
  | { state: 'succeeded'; terminationMessage: string; startedAt?: string | undefined }
  | {
      state: 'failed';
      message: string;
      terminationMessage: string;
      startedAt?: string | undefined;
      /** Set when the agent container itself exited non-zero: decide.ts words the message from it and its output. */
      agentExit?: AgentExit;
    };

function failedInit(statuses: ContainerStatus[] | undefined): ContainerStatus | undefined {
  return statuses?.find((s) => s.state?.terminated && s.state.terminated.exitCode !== 0);
}

/** Why the whole Pod failed, when the kubelet says so; checked before the agent's exit code, which a kill overwrites. */
function podFailure(pod: Pod): string | undefined {
  const status = pod.status ?? {};
  if (status.phase !== 'Failed') return undefined;
  const name = pod.metadata.name ?? '';
  if (status.reason === 'Evicted') return `Pod ${name} was evicted: ${status.message ?? 'no reason given'}`;
  if (status.reason === 'DeadlineExceeded')
    return `Task failed: Pod ${name} exceeded its active deadline (DeadlineExceeded)`;
  const init = failedInit(status.initContainerStatuses);
  if (init) {
    const done = init.state!.terminated!;
    const gist = reasonFromOutput(done.message ?? '');
    return `Task failed: init container ${init.name} exited with code ${done.exitCode}${gist ? `: ${gist}` : ''}`;
  }
  return undefined;
}

export function observePod(pod: Pod, agentContainer: string): PodView {
  const status = pod.status ?? {};
  const agent = status.containerStatuses?.find((c) => c.name === agentContainer);
  const done = agent?.state?.terminated;
  const terminationMessage = done?.message ?? '';
  const startedAt = done?.startedAt;
  const failure = podFailure(pod);
  if (failure) return { state: 'failed', message: failure, terminationMessage, startedAt };
  if (done) {
    if (done.exitCode === 0) return { state: 'succeeded', terminationMessage, startedAt };
    const agentExit = { container: agentContainer, exitCode: done.exitCode, reason: done.reason };
    return { state: 'failed', message: 'Task failed', terminationMessage, startedAt, agentExit };
  }
  if (status.phase === 'Failed') {
    const why = status.reason ? `: ${status.reason}${status.message ? ` (${status.message})` : ''}` : '';
    return { state: 'failed', message: `Task failed${why}`, terminationMessage };
  }
  if (status.phase === 'Succeeded') return { state: 'succeeded', terminationMessage };
  if (pod.metadata.deletionTimestamp) return { state: 'deleting' };
  if (agent?.state?.running) return { state: 'running' };
  return { state: 'starting' };
}
