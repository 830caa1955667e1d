/**
 * Env vars of the agent container, in the original's exact order
 * (KELOS-BEHAVIOUR §2.8): model, branch, agent type, spawner, credential,
 * workspace (host, base branch, upstream, token), AgentConfig, then the
 * user's podOverrides.env minus any name already set (built-in wins).
 */
import { LABEL_TASKSPAWNER } from '../core/api/constants.js';
import type { EnvVar } from '../core/api/kube-types.js';
import type { AgentConfig, Task, Workspace } from '../core/api/types.js';
import { credentialEnvName } from './credential-env.js';
import { mcpServersJson } from './mcp-servers.js';
import { PLUGIN_DIR } from './plugin-setup.js';
import { upstreamRepo, type WorkspaceEnv } from './workspace-env.js';

export interface MainEnvInput {
  task: Task;
  workspace?: Workspace | undefined;
  wsEnv?: WorkspaceEnv | undefined;
  agentConfig?: AgentConfig | undefined;
}

export function mainEnv({ task, workspace, wsEnv, agentConfig }: MainEnvInput): EnvVar[] {
  const { spec } = task;
  const env: EnvVar[] = [];
  const add = (name: string, value: string): void => void env.push({ name, value });

  if (spec.model) add('KELOS_MODEL', spec.model);
  if (spec.branch) add('KELOS_BRANCH', spec.branch);
  add('KELOS_AGENT_TYPE', spec.type);
  const spawner = task.metadata.labels?.[LABEL_TASKSPAWNER];
  if (spawner) add('KELOS_TASKSPAWNER', spawner);
  const credential = credentialEnvName(spec.type, spec.credentials.type);
  env.push({
    name: credential,
    valueFrom: { secretKeyRef: { name: spec.credentials.secretRef.name, key: credential } },
  });

  if (workspace && wsEnv) {
    env.push(...wsEnv.host);
    if (workspace.spec.ref) add('KELOS_BASE_BRANCH', workspace.spec.ref);
    const upstream = upstreamRepo(workspace);
    if (upstream) add('KELOS_UPSTREAM_REPO', upstream);
    env.push(...wsEnv.token);
  }

  const ac = agentConfig?.spec;
  if (ac?.agentsMD) add('KELOS_AGENTS_MD', ac.agentsMD);
  if (ac?.plugins && ac.plugins.length > 0) add('KELOS_PLUGIN_DIR', PLUGIN_DIR);
  if (ac?.mcpServers && ac.mcpServers.length > 0) add('KELOS_MCP_SERVERS', mcpServersJson(ac.mcpServers));

  const builtIn = new Set(env.map((e) => e.name));
  for (const user of spec.podOverrides?.env ?? []) {
    if (!builtIn.has(user.name)) env.push(user);
  }
  return env;
}
