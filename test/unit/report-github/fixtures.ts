/** A spawned Task and its spawner, as report-github reads them, for the pure tests. */
import type { Task, TaskSpawner } from '../../../functions/core/api/types.js';

export const UID = '0b0c3f4e-1111-4222-8333-944455556666';

export function spawnedTask(status: Task['status'] = undefined, name = 'issue-worker-42'): Task {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: {
      name,
      namespace: 'team-a',
      uid: UID,
      labels: {
        'kelos.dev/taskspawner': 'issue-worker',
        'kelos.dev/github-kind': 'issue',
        'kelos.dev/github-number': '42',
      },
      annotations: { 'kelos.dev/github-repository': 'https://github.com/example-org/example-repo' },
    },
    spec: {
      type: 'claude-code',
      prompt: 'fix it',
      credentials: { type: 'oauth', secretRef: { name: 'creds' } },
      branch: 'kelos-issue-42',
    },
    ...(status ? { status } : {}),
  };
}

export function reportingSpawner(
  githubIssues: NonNullable<TaskSpawner['spec']['when']['githubIssues']>,
): TaskSpawner {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'TaskSpawner',
    metadata: { name: 'issue-worker', namespace: 'team-a' },
    spec: {
      when: { githubIssues },
      taskTemplate: {
        type: 'claude-code',
        credentials: { type: 'oauth', secretRef: { name: 'creds' } },
        workspaceRef: { name: 'ws' },
      },
    },
  };
}

export const SUCCEEDED: Task['status'] = {
  phase: 'Succeeded',
  message: 'Agent finished',
  podName: 'issue-worker-42',
  startTime: '2026-12-01T10:00:00Z',
  completionTime: '2026-12-01T10:12:34Z',
  results: {
    branch: 'kelos-issue-42',
    pr: 'https://github.com/example-org/example-repo/pull/43',
    commit: 'abc1234',
  },
  usage: { inputTokens: 12000, outputTokens: 3400, costUSD: '0.42' },
};
