/**
 * What a Task's Pod says about the agent, read the way a kubelet reports it:
 * the agent container (named after the Task type) running or terminated, the
 * Pod failed as a whole (deadline, eviction, an init container), or still
 * starting. Pure; capture-outputs decides from this.
 */
import type { ContainerStatus, Pod } from '../core/task/pod-types.js';

export type PodView =
  | { state: 'starting' }
  | { state: 'running' }
  | { state: 'deleting' }
  | { state: 'succeeded'; terminationMessage: string; startedAt?: string | undefined }
  | { state: 'failed'; message: string; terminationMessage: string; startedAt?: string | undefined };

function failedInit(statuses: ContainerStatus[] | undefined): ContainerStatus | undefined {
  return statuses?.find((s) => s.state?.terminated && s.state.terminated.exitCode !== 0);
}

export function observePod(pod: Pod, agentContainer: string): PodView {
  const status = pod.status ?? {};
  const agent = status.containerStatuses?.find((c) => c.name === agentContainer);
  const done = agent?.state?.terminated;
  const name = pod.metadata.name ?? '';
  if (done) {
    const terminationMessage = done.message ?? '';
    if (done.exitCode === 0) return { state: 'succeeded', terminationMessage, startedAt: done.startedAt };
    return { state: 'failed', message: 'Task failed', terminationMessage, startedAt: done.startedAt };
  }
  if (status.phase === 'Failed') {
    if (status.reason === 'Evicted')
      return {
        state: 'failed',
        message: `Pod ${name} was evicted: ${status.message ?? 'no reason given'}`,
        terminationMessage: '',
      };
    if (status.reason === 'DeadlineExceeded') {
      return {
        state: 'failed',
        message: `Task failed: Pod ${name} exceeded its active deadline (DeadlineExceeded)`,
        terminationMessage: '',
      };
    }
    const init = failedInit(status.initContainerStatuses);
    if (init) {
      return {
        state: 'failed',
        message: `Task failed: init container ${init.name} exited with code ${init.state!.terminated!.exitCode}`,
        terminationMessage: '',
      };
    }
    const why = status.reason ? `: ${status.reason}${status.message ? ` (${status.message})` : ''}` : '';
    return { state: 'failed', message: `Task failed${why}`, terminationMessage: '' };
  }
  if (status.phase === 'Succeeded') return { state: 'succeeded', terminationMessage: '' };
  if (pod.metadata.deletionTimestamp) return { state: 'deleting' };
  if (agent?.state?.running) return { state: 'running' };
  return { state: 'starting' };
}
