/** Builders for the Tasks, Workspaces and AgentConfigs the launch-pod unit tests feed the pod builder. */
import type {
  AgentConfig,
  AgentConfigSpec,
  Task,
  TaskSpec,
  Workspace,
  WorkspaceSpec,
} from '../../../functions/core/api/types.js';
import type { EnvVar, Stored } from '../../../functions/core/api/kube-types.js';
import type { Container, Pod } from '../../../functions/core/task/pod-types.js';
import type { PodImages } from '../../../functions/launch-pod/images.js';

export const IMAGES: PodImages = {
  agents: {
    'claude-code': 'example.test/claude-code:latest',
    codex: 'example.test/codex:latest',
    gemini: 'example.test/gemini:latest',
    opencode: 'example.test/opencode:latest',
  },
  git: 'alpine/git:v2.47.2',
};

export function makeTask(spec: Partial<TaskSpec> = {}, labels?: Record<string, string>): Stored<Task> {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: { name: 'test-task', namespace: 'default', uid: 'uid-1', ...(labels ? { labels } : {}) },
    spec: {
      type: 'claude-code',
      prompt: 'Fix the bug',
      credentials: { type: 'api-key', secretRef: { name: 'my-secret' } },
      model: 'claude-sonnet-4-20250514',
      ...spec,
    },
  };
}

export function makeWorkspace(spec: Partial<WorkspaceSpec> = {}): Workspace {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Workspace',
    metadata: { name: 'test-ws', namespace: 'default' },
    spec: { repo: 'https://github.com/example/repo.git', ...spec },
  };
}

export function makeAgentConfig(spec: AgentConfigSpec): AgentConfig {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'AgentConfig',
    metadata: { name: 'ac', namespace: 'default' },
    spec,
  };
}

export function main(pod: Pod): Container {
  return pod.spec.containers[0]!;
}

export function init(pod: Pod, name: string): Container | undefined {
  return pod.spec.initContainers?.find((c) => c.name === name);
}

export function envNames(c: Container | undefined): string[] {
  return (c?.env ?? []).map((e) => e.name);
}

export function env(c: Container | undefined, name: string): EnvVar | undefined {
  return c?.env?.find((e) => e.name === name);
}

export function secretRef(c: Container | undefined, name: string): { name: string; key: string } | undefined {
  return env(c, name)?.valueFrom?.secretKeyRef;
}
