/** The kelos types as KubePort objects (the port's generics need KubeObject's index signature). */
import type { KubeObject } from '../api/kube-types.js';
import type { AgentConfig, Task, Workspace } from '../api/types.js';

export type TaskObject = Task & KubeObject;
export type WorkspaceObject = Workspace & KubeObject;
export type AgentConfigObject = AgentConfig & KubeObject;
