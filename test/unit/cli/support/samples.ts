/** Sample resources for printer and command tests (fixed times; NOW is the injected clock). */
import type { AgentConfig, Task, TaskSpawner, Workspace } from '../../../../functions/core/api/types.js';

export const NOW = new Date('2026-11-25T12:00:00Z');

export function task(
  name: string,
  over: Partial<Task['spec']> = {},
  status: Task['status'] = {},
  ns = 'default',
): Task {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: { name, namespace: ns, creationTimestamp: '2026-11-25T11:00:00Z' },
    spec: {
      type: 'claude-code',
      prompt: 'Fix the bug',
      credentials: { type: 'api-key', secretRef: { name: 'creds' } },
      ...over,
    },
    status,
  };
}

export const TASKS: Task[] = [
  task(
    'fix-login',
    { branch: 'fix/login', workspaceRef: { name: 'my-repo' }, agentConfigRef: { name: 'reviewer' } },
    {
      phase: 'Succeeded',
      startTime: '2026-11-25T11:05:00Z',
      completionTime: '2026-11-25T11:25:00Z',
    },
  ),
  task('running-one', { type: 'codex' }, { phase: 'Running', startTime: '2026-11-25T11:30:00Z' }, 'team-a'),
  task('queued', { type: 'gemini' }, {}, 'team-b'),
];

export const FULL_TASK: Task = task(
  'full',
  {
    type: 'codex',
    prompt: 'Refactor the parser\nand add tests',
    credentials: { type: 'oauth', secretRef: { name: 'codex-auth' } },
    model: 'gpt-5',
    image: 'example.com/codex:dev',
    branch: 'feature/parser',
    dependsOn: ['prep', 'lint'],
    workspaceRef: { name: 'my-repo' },
    agentConfigRef: { name: 'reviewer' },
    ttlSecondsAfterFinished: 3600,
    podOverrides: { activeDeadlineSeconds: 5400 },
  },
  {
    phase: 'Succeeded',
    jobName: 'full',
    podName: 'full',
    startTime: '2026-11-25T11:00:00Z',
    completionTime: '2026-11-25T11:42:10Z',
    message: 'Task completed',
    outputs: ['branch: feature/parser', 'pr: https://github.com/o/r/pull/7'],
    results: { pr: 'https://github.com/o/r/pull/7', branch: 'feature/parser', commit: 'abc123' },
  },
);

export const MINIMAL_TASK: Task = task('minimal');

export const WORKSPACES: Workspace[] = [
  {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Workspace',
    metadata: { name: 'my-repo', namespace: 'default', creationTimestamp: '2026-11-20T12:00:00Z' },
    spec: { repo: 'https://github.com/o/r.git', ref: 'main', secretRef: { name: 'gh-token' } },
  },
  {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Workspace',
    metadata: { name: 'docs', namespace: 'team-a', creationTimestamp: '2026-11-25T11:59:30Z' },
    spec: { repo: 'https://github.com/o/docs.git' },
  },
];

export const SPAWNERS: TaskSpawner[] = [
  {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'TaskSpawner',
    metadata: { name: 'issues', namespace: 'default', creationTimestamp: '2026-11-23T09:00:00Z' },
    spec: {
      when: { githubIssues: { types: ['issues', 'pulls'], state: 'open', labels: ['bug', 'kelos'] } },
      taskTemplate: {
        type: 'claude-code',
        credentials: { type: 'oauth', secretRef: { name: 'c' } },
        workspaceRef: { name: 'my-repo' },
        model: 'opus',
      },
      pollInterval: '5m',
    },
    status: {
      phase: 'Running',
      totalDiscovered: 4,
      totalTasksCreated: 9,
      lastDiscoveryTime: '2026-11-25T11:55:00Z',
      message: 'Discovered 4 items',
    },
  },
  {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'TaskSpawner',
    metadata: { name: 'nightly', namespace: 'team-a', creationTimestamp: '2026-11-25T02:00:00Z' },
    spec: {
      when: { cron: { schedule: '0 3 * * *' } },
      taskTemplate: { type: 'codex', credentials: { type: 'api-key', secretRef: { name: 'c' } } },
      pollInterval: '1m',
    },
    status: { phase: 'Suspended' },
  },
  {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'TaskSpawner',
    metadata: { name: 'plain-gh', namespace: 'team-b', creationTimestamp: '2026-11-25T11:58:00Z' },
    spec: {
      when: { githubIssues: {} },
      taskTemplate: { type: 'gemini', credentials: { type: 'api-key', secretRef: { name: 'c' } } },
    },
  },
  {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'TaskSpawner',
    metadata: { name: 'jira', namespace: 'team-b', creationTimestamp: '2026-11-25T11:58:00Z' },
    spec: {
      when: { jira: { baseUrl: 'https://x.atlassian.net', project: 'P', secretRef: { name: 'j' } } },
      taskTemplate: { type: 'opencode', credentials: { type: 'api-key', secretRef: { name: 'c' } } },
      pollInterval: '10m',
    },
  },
];

export const AGENT_CONFIGS: AgentConfig[] = [
  {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'AgentConfig',
    metadata: { name: 'reviewer', namespace: 'default', creationTimestamp: '2026-11-25T10:00:00Z' },
    spec: {
      agentsMD:
        'You are a careful reviewer. Always run the tests before you push, and explain every change you make in the PR body.',
      plugins: [
        {
          name: 'kelos',
          skills: [
            { name: 'review', content: 'r' },
            { name: 'test', content: 't' },
          ],
          agents: [{ name: 'critic', content: 'c' }],
        },
        { name: 'extra', skills: [{ name: 'docs', content: 'd' }] },
      ],
      mcpServers: [
        { name: 'github', type: 'http', url: 'https://api.githubcopilot.com/mcp/' },
        { name: 'fs', type: 'stdio', command: 'mcp-fs' },
      ],
    },
  },
  {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'AgentConfig',
    metadata: { name: 'empty', namespace: 'team-a', creationTimestamp: '2026-11-18T12:00:00Z' },
    spec: {},
  },
];
