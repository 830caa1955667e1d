/**
 * Invalid kelos.dev manifests and what the API server must say about each:
 * the field path and, where the original Kelos has one, its exact message.
 */
import type { Manifest } from './kubectl-helpers.js';

export interface InvalidCase {
  name: string;
  manifest: Manifest;
  /** Substrings the error must contain (field path first). */
  expect: string[];
}

const API = 'kelos.dev/v1alpha1';
const creds = { type: 'api-key', secretRef: { name: 'anthropic-api-key' } };

export function task(spec: Record<string, unknown>, name = 'bad-task'): Manifest {
  return { apiVersion: API, kind: 'Task', metadata: { name }, spec: { type: 'claude-code', prompt: 'do it', credentials: creds, ...spec } };
}
function without(manifest: Manifest, key: string): Manifest {
  const spec = { ...(manifest.spec as Record<string, unknown>) };
  delete spec[key];
  return { ...manifest, spec };
}
function workspace(spec: Record<string, unknown>): Manifest {
  return { apiVersion: API, kind: 'Workspace', metadata: { name: 'bad-ws' }, spec: { repo: 'https://github.com/o/r.git', ...spec } };
}
function agentConfig(spec: Record<string, unknown>): Manifest {
  return { apiVersion: API, kind: 'AgentConfig', metadata: { name: 'bad-ac' }, spec };
}
function spawner(spec: Record<string, unknown>, template: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: API,
    kind: 'TaskSpawner',
    metadata: { name: 'bad-ts' },
    spec: {
      when: { cron: { schedule: '0 9 * * 1' } },
      ...spec,
      taskTemplate: { type: 'codex', credentials: creds, workspaceRef: { name: 'ws' }, ...template },
    },
  };
}
const cron = (schedule: string) => ({ when: { cron: { schedule } } });
const CRON_MSG = 'spec.when.cron.schedule must be a 5-field cron expression (minute hour day-of-month month day-of-week)';
const WHEN_MSG = 'exactly one of githubIssues, cron or jira must be set in spec.when';
const POLL_MSG = 'spec.pollInterval must be a duration such as 30s, 5m or 1h30m, or a whole number of seconds';
const jira = { baseUrl: 'https://example.atlassian.net', project: 'PROJ', secretRef: { name: 'jira' } };

/** The valid manifests every invalid case is a variation of. */
export const VALID_BASES: Manifest[] = [
  task({ dependsOn: ['other'], podOverrides: { activeDeadlineSeconds: 1 } }),
  workspace({ remotes: [{ name: 'upstream', url: 'https://github.com/up/r.git' }], files: [{ path: 'CLAUDE.md', content: 'x' }] }),
  agentConfig({ plugins: [{ name: 'p', skills: [{ name: 's', content: 'c' }] }], mcpServers: [{ name: 'm', type: 'stdio', command: 'x' }] }),
  spawner({}),
  spawner({ when: { jira }, pollInterval: '90' }),
  spawner({ ...cron('*/5\t9-17 * JAN-MAR mon,fri'), pollInterval: '1.5h' }),
  spawner({ when: { githubIssues: { types: ['issues', 'pulls'] } } }),
  // reporting as the original's later versions write it, and checks where pull requests are watched (SPEC.md §9).
  spawner({ when: { githubIssues: { reporting: { enabled: true } } } }),
  spawner({ when: { githubIssues: { types: ['pulls'], reporting: { enabled: true, checks: { name: 'Kelos review' } } } } }),
  { ...task({ dependsOn: ['other'] }), metadata: { generateName: 'gen-' } },
];

export const INVALID_CASES: InvalidCase[] = [
  // ---- Task ----
  { name: 'Task: unknown agent type', manifest: task({ type: 'gpt' }), expect: ['spec.type: Unsupported value: "gpt"', '"claude-code", "codex", "gemini", "opencode"'] },
  { name: 'Task: missing prompt', manifest: without(task({}), 'prompt'), expect: ['spec.prompt: Required value'] },
  { name: 'Task: missing type', manifest: without(task({}), 'type'), expect: ['spec.type: Required value'] },
  { name: 'Task: missing credentials', manifest: without(task({}), 'credentials'), expect: ['spec.credentials: Required value'] },
  { name: 'Task: unknown credential type', manifest: task({ credentials: { type: 'token', secretRef: { name: 's' } } }), expect: ['spec.credentials.type: Unsupported value: "token"', '"api-key", "oauth"'] },
  { name: 'Task: credentials without secretRef', manifest: task({ credentials: { type: 'oauth' } }), expect: ['spec.credentials.secretRef: Required value'] },
  { name: 'Task: secretRef without name', manifest: task({ credentials: { type: 'oauth', secretRef: {} } }), expect: ['spec.credentials.secretRef.name: Required value'] },
  { name: 'Task: workspaceRef without name', manifest: task({ workspaceRef: {} }), expect: ['spec.workspaceRef.name: Required value'] },
  { name: 'Task: negative ttlSecondsAfterFinished', manifest: task({ ttlSecondsAfterFinished: -1 }), expect: ['spec.ttlSecondsAfterFinished', 'should be greater than or equal to 0'] },
  { name: 'Task: activeDeadlineSeconds 0', manifest: task({ podOverrides: { activeDeadlineSeconds: 0 } }), expect: ['spec.podOverrides.activeDeadlineSeconds', 'should be greater than or equal to 1'] },
  { name: 'Task: dependsOn its own name', manifest: task({ dependsOn: ['other', 'bad-task'] }), expect: ["spec.dependsOn: Invalid value", "spec.dependsOn must not contain the Task's own name"] },
  { name: 'Task: dependsOn an invalid name', manifest: task({ dependsOn: ['Not_A_Name'] }), expect: ['spec.dependsOn[0]: Invalid value: "Not_A_Name"', 'should match'] },
  { name: 'Task: resource limit that is not a quantity', manifest: task({ podOverrides: { resources: { limits: { cpu: 'lots' } } } }), expect: ['spec.podOverrides.resources.limits.cpu'] },
  { name: 'Task: env entry without name', manifest: task({ podOverrides: { env: [{ value: 'x' }] } }), expect: ['spec.podOverrides.env[0].name: Required value'] },
  { name: 'Task: env secretKeyRef without key', manifest: task({ podOverrides: { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's' } } }] } }), expect: ['spec.podOverrides.env[0].valueFrom.secretKeyRef.key: Required value'] },
  { name: 'Task: nodeSelector value that is not a string', manifest: task({ podOverrides: { nodeSelector: { disk: 1 } } }), expect: ['spec.podOverrides.nodeSelector.disk: Invalid value', 'must be of type string'] },
  { name: 'Task: unknown spec field', manifest: task({ repoURL: 'https://x' }), expect: ['unknown field "spec.repoURL"'] },
  // ---- Workspace ----
  { name: 'Workspace: repo that is not a URL', manifest: workspace({ repo: 'github.com/o/r' }), expect: ['spec.repo: Invalid value: "github.com/o/r"', "should match '^(https?://|git://|git@).*'"] },
  { name: 'Workspace: missing repo', manifest: workspace({ repo: undefined }), expect: ['spec.repo: Required value'] },
  { name: "Workspace: remote named 'origin'", manifest: workspace({ remotes: [{ name: 'origin', url: 'https://github.com/u/r.git' }] }), expect: ['spec.remotes: Invalid value', "remote name 'origin' is reserved for the clone source"] },
  { name: 'Workspace: duplicate remote names', manifest: workspace({ remotes: [{ name: 'up', url: 'https://a/b.git' }, { name: 'up', url: 'https://c/d.git' }] }), expect: ['spec.remotes: Invalid value', 'remote names must be unique'] },
  { name: 'Workspace: remote URL that is not a URL', manifest: workspace({ remotes: [{ name: 'up', url: 'ftp://a/b' }] }), expect: ['spec.remotes[0].url: Invalid value: "ftp://a/b"'] },
  { name: 'Workspace: empty remote name', manifest: workspace({ remotes: [{ name: '', url: 'https://a/b.git' }] }), expect: ['spec.remotes[0].name: Invalid value: ""', 'should be at least 1 chars long'] },
  { name: 'Workspace: empty file path', manifest: workspace({ files: [{ path: '', content: 'x' }] }), expect: ['spec.files[0].path: Invalid value: ""'] },
  { name: 'Workspace: file without content', manifest: workspace({ files: [{ path: 'CLAUDE.md' }] }), expect: ['spec.files[0].content: Required value'] },
  // ---- AgentConfig ----
  { name: 'AgentConfig: empty plugin name', manifest: agentConfig({ plugins: [{ name: '' }] }), expect: ['spec.plugins[0].name: Invalid value: ""', 'should be at least 1 chars long'] },
  { name: 'AgentConfig: skill without content', manifest: agentConfig({ plugins: [{ name: 'p', skills: [{ name: 's' }] }] }), expect: ['spec.plugins[0].skills[0].content: Required value'] },
  { name: 'AgentConfig: unknown MCP server type', manifest: agentConfig({ mcpServers: [{ name: 'm', type: 'websocket' }] }), expect: ['spec.mcpServers[0].type: Unsupported value: "websocket"', '"stdio", "http", "sse"'] },
  { name: 'AgentConfig: MCP server without name', manifest: agentConfig({ mcpServers: [{ type: 'stdio', command: 'x' }] }), expect: ['spec.mcpServers[0].name: Required value'] },
  // ---- TaskSpawner ----
  { name: 'TaskSpawner: two sources under when', manifest: spawner({ when: { cron: { schedule: '0 9 * * 1' }, jira } }), expect: ['spec.when: Invalid value', WHEN_MSG] },
  { name: 'TaskSpawner: no source under when', manifest: spawner({ when: {} }), expect: ['spec.when: Invalid value', WHEN_MSG] },
  { name: 'TaskSpawner: githubIssues without workspaceRef', manifest: { ...spawner({ when: { githubIssues: {} } }), spec: { when: { githubIssues: {} }, taskTemplate: { type: 'codex', credentials: creds } } }, expect: ['spec: Invalid value', 'taskTemplate.workspaceRef is required when using githubIssues source'] },
  { name: 'TaskSpawner: cron with four fields', manifest: spawner(cron('0 9 * *')), expect: ['spec.when.cron.schedule: Invalid value: "0 9 * *"', CRON_MSG] },
  { name: 'TaskSpawner: cron minute out of range', manifest: spawner(cron('61 * * * *')), expect: ['spec.when.cron.schedule: Invalid value: "61 * * * *"', CRON_MSG] },
  { name: 'TaskSpawner: cron descriptor', manifest: spawner(cron('@hourly')), expect: ['spec.when.cron.schedule', CRON_MSG] },
  { name: 'TaskSpawner: cron without schedule', manifest: spawner({ when: { cron: {} } }), expect: ['spec.when.cron.schedule: Required value'] },
  { name: 'TaskSpawner: unparsable pollInterval', manifest: spawner({ pollInterval: '5 minutes' }), expect: ['spec.pollInterval: Invalid value: "5 minutes"', POLL_MSG] },
  { name: 'TaskSpawner: pollInterval with days', manifest: spawner({ pollInterval: '1d' }), expect: ['spec.pollInterval: Invalid value: "1d"', POLL_MSG] },
  { name: 'TaskSpawner: negative maxConcurrency', manifest: spawner({ maxConcurrency: -1 }), expect: ['spec.maxConcurrency', 'should be greater than or equal to 0'] },
  { name: 'TaskSpawner: negative maxTotalTasks', manifest: spawner({ maxTotalTasks: -3 }), expect: ['spec.maxTotalTasks', 'should be greater than or equal to 0'] },
  { name: 'TaskSpawner: unknown GitHub state', manifest: spawner({ when: { githubIssues: { state: 'merged' } } }), expect: ['spec.when.githubIssues.state: Unsupported value: "merged"', '"open", "closed", "all"'] },
  { name: 'TaskSpawner: checks reporting without pulls', manifest: spawner({ when: { githubIssues: { reporting: { enabled: true, checks: {} } } } }), expect: ['spec.when.githubIssues: Invalid value', 'checks reporting is not supported for githubIssues source'] },
  { name: 'TaskSpawner: checks name over 100 characters', manifest: spawner({ when: { githubIssues: { types: ['pulls'], reporting: { checks: { name: 'x'.repeat(101) } } } } }), expect: ['spec.when.githubIssues.reporting.checks.name: Too long'] },
  { name: 'TaskSpawner: unknown GitHub item type', manifest: spawner({ when: { githubIssues: { types: ['issues', 'prs'] } } }), expect: ['spec.when.githubIssues.types[1]: Unsupported value: "prs"', '"issues", "pulls"'] },
  { name: 'TaskSpawner: jira baseUrl that is not a URL', manifest: spawner({ when: { jira: { ...jira, baseUrl: 'example.atlassian.net' } } }), expect: ['spec.when.jira.baseUrl: Invalid value: "example.atlassian.net"', "should match '^https?://.+'"] },
  { name: 'TaskSpawner: jira without secretRef', manifest: spawner({ when: { jira: { baseUrl: jira.baseUrl, project: 'P' } } }), expect: ['spec.when.jira.secretRef: Required value'] },
  { name: 'TaskSpawner: jira without project', manifest: spawner({ when: { jira: { baseUrl: jira.baseUrl, secretRef: { name: 'j' } } } }), expect: ['spec.when.jira.project: Required value'] },
  { name: 'TaskSpawner: unknown template agent type', manifest: spawner({}, { type: 'copilot' }), expect: ['spec.taskTemplate.type: Unsupported value: "copilot"'] },
  { name: 'TaskSpawner: template without credentials', manifest: spawner({}, { credentials: undefined }), expect: ['spec.taskTemplate.credentials: Required value'] },
  { name: 'TaskSpawner: negative template ttl', manifest: spawner({}, { ttlSecondsAfterFinished: -5 }), expect: ['spec.taskTemplate.ttlSecondsAfterFinished', 'should be greater than or equal to 0'] },
  { name: 'TaskSpawner: template dependsOn an invalid name', manifest: spawner({}, { dependsOn: ['UPPER'] }), expect: ['spec.taskTemplate.dependsOn[0]: Invalid value: "UPPER"'] },
  { name: 'TaskSpawner: template activeDeadlineSeconds 0', manifest: spawner({}, { podOverrides: { activeDeadlineSeconds: 0 } }), expect: ['spec.taskTemplate.podOverrides.activeDeadlineSeconds', 'should be greater than or equal to 1'] },
  { name: 'TaskSpawner: missing taskTemplate', manifest: { apiVersion: API, kind: 'TaskSpawner', metadata: { name: 'x' }, spec: { when: { cron: { schedule: '* * * * *' } } } }, expect: ['spec.taskTemplate: Required value'] },
];
