/**
 * The readiness gates of a Task without a Pod (SPEC.md §3), as pure
 * functions: `decideGates` walks them in order over a snapshot of the
 * cluster and says where the Task stops; `nextStatus` turns the outcome into
 * the status to write (or nothing, when the status already says it).
 *
 * Gates, in order: dependsOn (cycle, missing, failed, unfinished), Workspace,
 * AgentConfig, credentials Secret and its key, workspace Secret, prompt
 * template, then the branch lock (taken by the executor, not here).
 */
import type { Stored } from '../core/api/kube-types.js';
import type { Task, TaskStatus } from '../core/api/types.js';
import { CONDITION_ADMITTED, setCondition, withPhase } from '../core/task/conditions.js';
import { taskStage } from '../core/task/stage.js';
import { findCycle } from './find-cycle.js';
import type { Snapshot } from './snapshot.js';
import { hasCredentialKey, requiredCredentialKey, servesWorkspace } from './secret-summary.js';

export type GateOutcome =
  | { kind: 'wait'; message: string }
  | { kind: 'fail'; message: string; reason: FailReason }
  /** Every gate before the branch lock passed. */
  | { kind: 'lock' };

export type FailReason = 'CircularDependency' | 'DependencyFailed' | 'TemplateError';

/** What the executor settled on after the branch lock. */
export type Resolution =
  | { kind: 'wait'; message: string }
  | { kind: 'fail'; message: string; reason: FailReason }
  | { kind: 'admit' };

/** Why resolve-dependencies leaves a Task alone, or undefined when the Task is its to decide. */
export function skipReason(task: Task): string | undefined {
  const at = taskStage(task);
  if (at.stage === 'gated') return undefined;
  return at.stage === 'admitted' ? 'already admitted' : at.reason;
}

function dependencyGate(task: Stored<Task>, snap: Snapshot): GateOutcome | undefined {
  const upstream = task.spec.dependsOn ?? [];
  if (upstream.length === 0) return undefined;
  const byName = new Map(snap.tasks.map((t) => [t.metadata.name, t]));
  const cycle = findCycle(task, byName);
  if (cycle !== undefined) {
    return {
      kind: 'fail',
      reason: 'CircularDependency',
      message: `Circular dependency detected: cycle involves "${cycle}"`,
    };
  }
  for (const name of upstream) {
    const upstreamTask = byName.get(name);
    if (!upstreamTask) return { kind: 'wait', message: `Waiting for dependency "${name}" to be created` };
    if (upstreamTask.status?.phase === 'Failed')
      return { kind: 'fail', reason: 'DependencyFailed', message: `Dependency "${name}" failed` };
    if (upstreamTask.status?.phase !== 'Succeeded')
      return { kind: 'wait', message: `Waiting for dependency "${name}"` };
  }
  return undefined;
}

function objectGate(task: Task, snap: Snapshot): GateOutcome | undefined {
  const ws = task.spec.workspaceRef?.name;
  if (ws && !snap.workspace) return { kind: 'wait', message: `Waiting for Workspace "${ws}" to be created` };
  const ac = task.spec.agentConfigRef?.name;
  if (ac && !snap.agentConfig)
    return { kind: 'wait', message: `Waiting for AgentConfig "${ac}" to be created` };
  const credName = task.spec.credentials.secretRef.name;
  const cred = snap.secrets.get(credName);
  if (!cred) return { kind: 'wait', message: `Waiting for Secret "${credName}" to be created` };
  if (!hasCredentialKey(task, cred)) {
    const key = requiredCredentialKey(task) ?? '';
    return { kind: 'wait', message: `Waiting for Secret "${credName}" to have key "${key}"` };
  }
  const wsSecretName = snap.workspace?.spec.secretRef?.name;
  if (wsSecretName) {
    const wsSecret = snap.secrets.get(wsSecretName);
    if (!wsSecret) return { kind: 'wait', message: `Waiting for Secret "${wsSecretName}" to be created` };
    if (!servesWorkspace(wsSecret)) {
      return { kind: 'wait', message: `Waiting for Secret "${wsSecretName}" to have key "GITHUB_TOKEN"` };
    }
  }
  return undefined;
}

function templateGate(task: Task, snap: Snapshot): GateOutcome | undefined {
  if (!task.spec.dependsOn?.length || !snap.checkPrompt) return undefined;
  const error = snap.checkPrompt(task, snap.tasks);
  return error === undefined
    ? undefined
    : { kind: 'fail', reason: 'TemplateError', message: `Failed to render prompt: ${error}` };
}

export function decideGates(task: Stored<Task>, snap: Snapshot): GateOutcome {
  return dependencyGate(task, snap) ?? objectGate(task, snap) ?? templateGate(task, snap) ?? { kind: 'lock' };
}

/** The status to write for a resolution, or undefined when the current status already says it. */
export function nextStatus(task: Task, resolution: Resolution, now: Date): TaskStatus | undefined {
  const status = task.status;
  const generation = task.metadata.generation;
  switch (resolution.kind) {
    case 'wait':
      if (status?.phase === 'Waiting' && status.message === resolution.message) return undefined;
      return withPhase(status, 'Waiting', resolution.message, now, generation);
    case 'fail':
      return {
        ...withPhase(status, 'Failed', resolution.message, now, generation),
        completionTime: now.toISOString(),
      };
    case 'admit': {
      // One write hands the Task to launch-pod: Admitted=True and Pending (the message kept, as the
      // original's Pending transition keeps the last Waiting message). podName comes later, from
      // capture-outputs (launch-pod/README.md says why that still gives one Pod per Task).
      const pending = withPhase(status, 'Pending', status?.message ?? '', now, generation);
      return {
        ...pending,
        conditions: setCondition(pending.conditions, {
          type: CONDITION_ADMITTED,
          status: 'True',
          reason: 'GatesPassed',
          message: 'Dependencies, Workspace, AgentConfig, credentials and branch lock are ready',
          lastTransitionTime: now.toISOString(),
          ...(generation !== undefined ? { observedGeneration: generation } : {}),
        }),
      };
    }
  }
}
