/**
 * Everything the gates look at, read from the API server in one go (the
 * reads run in parallel and only for what the Task references): the Tasks
 * of its namespace (for dependsOn, cycles and the branch queue), its
 * Workspace, AgentConfig, credentials Secret and workspace Secret (those two
 * through a short positive cache, secret-cache.ts).
 */
import { API_VERSION } from '../core/api/constants.js';
import type { KubeObject, Stored } from '../core/api/kube-types.js';
import type { Task } from '../core/api/types.js';
import type { KubePort } from '../core/k8s/port.js';
import type { AgentConfigObject, TaskObject, WorkspaceObject } from '../core/task/objects.js';
import { loadPromptCheck, type PromptCheck } from './prompt-check.js';
import { readSecretSummary } from './secret-cache.js';
import { hasCredentialKey, servesWorkspace, type SecretSummary } from './secret-summary.js';
import { listAll } from '../core/k8s/list-pages.js';

export interface Snapshot {
  /** Tasks in the namespace; empty when the Task has neither dependsOn nor branch. */
  tasks: Stored<Task>[];
  workspace: WorkspaceObject | undefined;
  agentConfig: AgentConfigObject | undefined;
  /** Secrets by name (what the gates read of them); a name mapped to undefined does not exist. */
  secrets: Map<string, SecretSummary | undefined>;
  /** Set when the Task has dependsOn (its prompt is a template). */
  checkPrompt?: PromptCheck | undefined;
}

export async function readSnapshot(
  kube: KubePort,
  task: Stored<Task>,
  now: Date,
  listed?: readonly Stored<Task>[],
): Promise<Snapshot> {
  const namespace = task.metadata.namespace;
  const get = <T extends KubeObject>(kind: string, name: string, apiVersion = API_VERSION) =>
    kube.get<T>({ apiVersion, kind, namespace, name });
  const secret = (name: string, enough: (s: SecretSummary) => boolean) =>
    readSecretSummary(kube, namespace, name, now, enough);
  const needTasks = (task.spec.dependsOn?.length ?? 0) > 0 || !!task.spec.branch;
  const credentials = task.spec.credentials.secretRef.name;
  const [tasks, workspace, agentConfig, credentialSecret] = await Promise.all([
    listed && needTasks
      ? Promise.resolve([...listed])
      : needTasks
        ? listAll<TaskObject>(kube, { apiVersion: API_VERSION, kind: 'Task', namespace })
        : Promise.resolve([]),
    task.spec.workspaceRef
      ? get<WorkspaceObject>('Workspace', task.spec.workspaceRef.name)
      : Promise.resolve(undefined),
    task.spec.agentConfigRef
      ? get<AgentConfigObject>('AgentConfig', task.spec.agentConfigRef.name)
      : Promise.resolve(undefined),
    secret(credentials, (s) => hasCredentialKey(task, s)),
  ]);
  const secrets = new Map<string, SecretSummary | undefined>([[credentials, credentialSecret]]);
  const workspaceSecret = workspace?.spec.secretRef?.name;
  if (workspaceSecret && !secrets.has(workspaceSecret))
    secrets.set(workspaceSecret, await secret(workspaceSecret, servesWorkspace));
  const checkPrompt = task.spec.dependsOn?.length ? await loadPromptCheck() : undefined;
  return { tasks, workspace, agentConfig, secrets, checkPrompt };
}
