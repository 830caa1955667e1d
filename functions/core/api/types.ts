/**
 * TypeScript shapes of the four kelos.dev/v1alpha1 resources. They mirror the
 * CRD schemas in crds/ field for field; test/unit/api/crd-drift.test.ts fails
 * when the two disagree.
 */
import type { ObjectMeta, Condition, ResourceRequirements, EnvVar } from './kube-types.js';

export const AGENT_TYPES = ['claude-code', 'codex', 'gemini', 'opencode'] as const;
export type AgentType = (typeof AGENT_TYPES)[number];

export const CREDENTIAL_TYPES = ['api-key', 'oauth'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

export const TASK_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Waiting'] as const;
export type TaskPhase = (typeof TASK_PHASES)[number];

export const SPAWNER_PHASES = ['Pending', 'Running', 'Failed', 'Suspended'] as const;
export type TaskSpawnerPhase = (typeof SPAWNER_PHASES)[number];

export interface SecretReference {
  name: string;
}
export interface Credentials {
  type: CredentialType;
  secretRef: SecretReference;
}
export interface WorkspaceReference {
  name: string;
}
export interface AgentConfigReference {
  name: string;
}

export interface PodOverrides {
  resources?: ResourceRequirements;
  activeDeadlineSeconds?: number;
  env?: EnvVar[];
  nodeSelector?: Record<string, string>;
}

// ---- Task ----

/** What a Task and a TaskSpawner's taskTemplate have in common: all but the prompt. */
export interface TaskFields {
  type: AgentType;
  credentials: Credentials;
  model?: string;
  image?: string;
  workspaceRef?: WorkspaceReference;
  agentConfigRef?: AgentConfigReference;
  dependsOn?: string[];
  branch?: string;
  ttlSecondsAfterFinished?: number;
  podOverrides?: PodOverrides;
}

export interface TaskSpec extends TaskFields {
  prompt: string;
}

/** Token usage and cost parsed from the agent's results (added by this project). */
export interface TaskUsage {
  inputTokens?: number;
  outputTokens?: number;
  costUSD?: string;
}

export interface TaskStatus {
  phase?: TaskPhase;
  /** Kept for compatibility with the original; unused (we launch Pods, not Jobs). */
  jobName?: string;
  podName?: string;
  startTime?: string;
  completionTime?: string;
  message?: string;
  outputs?: string[];
  results?: Record<string, string>;
  conditions?: Condition[];
  usage?: TaskUsage;
  observedGeneration?: number;
}

export interface Task {
  apiVersion: 'kelos.dev/v1alpha1';
  kind: 'Task';
  metadata: ObjectMeta;
  spec: TaskSpec;
  status?: TaskStatus;
}

// ---- Workspace ----

export interface GitRemote {
  name: string;
  url: string;
}
export interface WorkspaceFile {
  path: string;
  content: string;
}
export interface WorkspaceSpec {
  repo: string;
  ref?: string;
  secretRef?: SecretReference;
  remotes?: GitRemote[];
  files?: WorkspaceFile[];
}
export interface Workspace {
  apiVersion: 'kelos.dev/v1alpha1';
  kind: 'Workspace';
  metadata: ObjectMeta;
  spec: WorkspaceSpec;
}

// ---- AgentConfig ----

export interface SkillDefinition {
  name: string;
  content: string;
}
export interface AgentDefinition {
  name: string;
  content: string;
}
export interface PluginSpec {
  name: string;
  skills?: SkillDefinition[];
  agents?: AgentDefinition[];
}
export const MCP_SERVER_TYPES = ['stdio', 'http', 'sse'] as const;
export type MCPServerType = (typeof MCP_SERVER_TYPES)[number];
export interface MCPServerSpec {
  name: string;
  type: MCPServerType;
  command?: string;
  args?: string[];
  url?: string;
  headers?: Record<string, string>;
  env?: Record<string, string>;
}
export interface AgentConfigSpec {
  agentsMD?: string;
  plugins?: PluginSpec[];
  mcpServers?: MCPServerSpec[];
}
export interface AgentConfig {
  apiVersion: 'kelos.dev/v1alpha1';
  kind: 'AgentConfig';
  metadata: ObjectMeta;
  spec: AgentConfigSpec;
}

// ---- TaskSpawner ----

export const GITHUB_ITEM_TYPES = ['issues', 'pulls'] as const;
export type GitHubItemType = (typeof GITHUB_ITEM_TYPES)[number];
export const GITHUB_STATES = ['open', 'closed', 'all'] as const;
export type GitHubState = (typeof GITHUB_STATES)[number];

export interface GitHubIssues {
  repo?: string;
  types?: GitHubItemType[];
  labels?: string[];
  excludeLabels?: string[];
  state?: GitHubState;
  triggerComment?: string;
  excludeComments?: string[];
  assignee?: string;
  author?: string;
  priorityLabels?: string[];
  reporting?: GitHubReporting;
}
/** Progress reported back to GitHub (SPEC.md §9): a status comment and, for pull requests, a Check Run. */
export interface GitHubReporting {
  enabled?: boolean;
  checks?: GitHubChecksReporting;
}
export interface GitHubChecksReporting {
  /** Default `Kelos: <taskspawner-name>`; at most 100 characters. */
  name?: string;
}
export interface Cron {
  schedule: string;
}
export interface Jira {
  baseUrl: string;
  project: string;
  jql?: string;
  secretRef: SecretReference;
}
export interface When {
  githubIssues?: GitHubIssues;
  cron?: Cron;
  jira?: Jira;
}
export interface TaskTemplate extends TaskFields {
  /** Rendered per work item into the spawned Task's prompt. */
  promptTemplate?: string;
}
export interface TaskSpawnerSpec {
  when: When;
  taskTemplate: TaskTemplate;
  pollInterval?: string;
  maxConcurrency?: number;
  suspend?: boolean;
  maxTotalTasks?: number;
}
export interface TaskSpawnerStatus {
  phase?: TaskSpawnerPhase;
  observedGeneration?: number;
  /** Kept for compatibility with the original; unused (no per-spawner Deployment). */
  deploymentName?: string;
  totalDiscovered?: number;
  totalTasksCreated?: number;
  activeTasks?: number;
  lastDiscoveryTime?: string;
  message?: string;
  conditions?: Condition[];
}
export interface TaskSpawner {
  apiVersion: 'kelos.dev/v1alpha1';
  kind: 'TaskSpawner';
  metadata: ObjectMeta;
  spec: TaskSpawnerSpec;
  status?: TaskSpawnerStatus;
}

export type KelosResource = Task | Workspace | AgentConfig | TaskSpawner;
