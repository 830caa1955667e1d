/**
 * Re-reads what a Task's Pod is built from: its Workspace, AgentConfig and
 * upstream Tasks (those it depends on, for the prompt). A missing Workspace or AgentConfig is not
 * an error: the Task waits (resolve-dependencies reports it) and the next
 * event or resync tick tries again.
 */
import { API_VERSION } from '../core/api/constants.js';
import type { Stored } from '../core/api/kube-types.js';
import type { AgentConfig, Task, Workspace } from '../core/api/types.js';
import type { AgentConfigObject, TaskObject, WorkspaceObject } from '../core/task/objects.js';
import type { KubePort } from '../core/k8s/port.js';

export type Inputs =
  | { ready: true; workspace: Workspace | undefined; agentConfig: AgentConfig | undefined; upstream: Task[] }
  | { ready: false; missing: string };

export async function readInputs(kube: KubePort, task: Stored<Task>): Promise<Inputs> {
  const namespace = task.metadata.namespace;
  const ref = (kind: string, name: string) => ({ apiVersion: API_VERSION, kind, namespace, name });
  let workspace: Workspace | undefined;
  let agentConfig: AgentConfig | undefined;
  if (task.spec.workspaceRef) {
    workspace = await kube.get<WorkspaceObject>(ref('Workspace', task.spec.workspaceRef.name));
    if (!workspace) return { ready: false, missing: `Workspace ${task.spec.workspaceRef.name}` };
  }
  if (task.spec.agentConfigRef) {
    agentConfig = await kube.get<AgentConfigObject>(ref('AgentConfig', task.spec.agentConfigRef.name));
    if (!agentConfig) return { ready: false, missing: `AgentConfig ${task.spec.agentConfigRef.name}` };
  }
  const upstream: Task[] = [];
  for (const name of task.spec.dependsOn ?? []) {
    const upstreamTask = await kube.get<TaskObject>(ref('Task', name));
    if (upstreamTask) upstream.push(upstreamTask);
  }
  return { ready: true, workspace, agentConfig, upstream };
}
