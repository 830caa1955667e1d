/** The four kelos kinds as the CLI names them (aliases, messages). */
import { API_VERSION, GROUP } from '../functions/core/api/constants.js';

export interface ResourceInfo {
  kind: 'Task' | 'TaskSpawner' | 'Workspace' | 'AgentConfig';
  plural: string;
  /** Name used in `<name>/<obj> deleted` lines and as the command name. */
  name: string;
  aliases: string[];
  /** Spelled out in messages: "task spawner name is required". */
  human: string;
  noneFound: string;
}

export const TASK: ResourceInfo = {
  kind: 'Task',
  plural: 'tasks',
  name: 'task',
  aliases: ['tasks'],
  human: 'task',
  noneFound: 'No tasks found',
};
export const TASKSPAWNER: ResourceInfo = {
  kind: 'TaskSpawner',
  plural: 'taskspawners',
  name: 'taskspawner',
  aliases: ['taskspawners', 'ts'],
  human: 'task spawner',
  noneFound: 'No task spawners found',
};
export const WORKSPACE: ResourceInfo = {
  kind: 'Workspace',
  plural: 'workspaces',
  name: 'workspace',
  aliases: ['workspaces', 'ws'],
  human: 'workspace',
  noneFound: 'No workspaces found',
};
export const AGENTCONFIG: ResourceInfo = {
  kind: 'AgentConfig',
  plural: 'agentconfigs',
  name: 'agentconfig',
  aliases: ['agentconfigs', 'ac'],
  human: 'agent config',
  noneFound: 'No agent configs found',
};

export function ref(r: ResourceInfo, namespace: string, name: string) {
  return { apiVersion: API_VERSION, kind: r.kind, namespace, name };
}

/** The API server's wording for a missing object, e.g. `tasks.kelos.dev "x" not found`. */
export function notFoundMessage(r: ResourceInfo, name: string): string {
  return `${r.plural}.${GROUP} "${name}" not found`;
}
