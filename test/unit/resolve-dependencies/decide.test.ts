import { expect } from 'chai';
import type { Stored } from '../../../functions/core/api/kube-types.js';
import type { Task } from '../../../functions/core/api/types.js';
import {
  decideGates,
  nextStatus,
  skipReason,
  type GateOutcome,
} from '../../../functions/resolve-dependencies/decide.js';
import type { Snapshot } from '../../../functions/resolve-dependencies/snapshot.js';
import { summarizeSecret } from '../../../functions/resolve-dependencies/secret-summary.js';
import { loadPromptCheck } from '../../../functions/resolve-dependencies/prompt-check.js';
import { makeTask } from './fixtures.js';

const checkPrompt = await loadPromptCheck();

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (name: string, data: Record<string, string>) =>
  summarizeSecret({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'ns' },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  });
const workspace = (secretRef?: string) => ({
  apiVersion: 'kelos.dev/v1alpha1' as const,
  kind: 'Workspace' as const,
  metadata: { name: 'ws', namespace: 'ns' },
  spec: { repo: 'https://github.com/o/r.git', ...(secretRef ? { secretRef: { name: secretRef } } : {}) },
});
const agentConfig = {
  apiVersion: 'kelos.dev/v1alpha1' as const,
  kind: 'AgentConfig' as const,
  metadata: { name: 'ac' },
  spec: {},
};

function snap(over: Partial<Snapshot> = {}): Snapshot {
  return {
    tasks: [],
    workspace: undefined,
    agentConfig: undefined,
    secrets: new Map([['creds', secret('creds', { ANTHROPIC_API_KEY: 'k' })]]),
    checkPrompt,
    ...over,
  };
}

const succeeded = (name: string, extra: Partial<Task['status']> = {}) =>
  makeTask(name, {}, { phase: 'Succeeded', ...extra });

/** [case, task, snapshot, expected outcome]. */
const TABLE: [string, Stored<Task>, Snapshot, GateOutcome][] = [
  ['no gates at all → lock', makeTask('t'), snap(), { kind: 'lock' }],
  [
    'self dependency is a cycle',
    makeTask('a', { dependsOn: ['a'] }),
    snap(),
    {
      kind: 'fail',
      reason: 'CircularDependency',
      message: 'Circular dependency detected: cycle involves "a"',
    },
  ],
  [
    'A→B→A is a cycle involving A',
    makeTask('a', { dependsOn: ['b'] }),
    snap({ tasks: [makeTask('a', { dependsOn: ['b'] }), makeTask('b', { dependsOn: ['a'] })] }),
    {
      kind: 'fail',
      reason: 'CircularDependency',
      message: 'Circular dependency detected: cycle involves "a"',
    },
  ],
  [
    'a Task depending on a cycle fails with it',
    makeTask('c', { dependsOn: ['a'] }),
    snap({ tasks: [makeTask('a', { dependsOn: ['b'] }), makeTask('b', { dependsOn: ['a'] })] }),
    {
      kind: 'fail',
      reason: 'CircularDependency',
      message: 'Circular dependency detected: cycle involves "a"',
    },
  ],
  [
    'missing dependency',
    makeTask('b', { dependsOn: ['a'] }),
    snap(),
    { kind: 'wait', message: 'Waiting for dependency "a" to be created' },
  ],
  [
    'failed dependency',
    makeTask('b', { dependsOn: ['a'] }),
    snap({ tasks: [makeTask('a', {}, { phase: 'Failed' })] }),
    { kind: 'fail', reason: 'DependencyFailed', message: 'Dependency "a" failed' },
  ],
  [
    'running dependency',
    makeTask('b', { dependsOn: ['a'] }),
    snap({ tasks: [makeTask('a', {}, { phase: 'Running' })] }),
    { kind: 'wait', message: 'Waiting for dependency "a"' },
  ],
  [
    'new dependency (phase "")',
    makeTask('b', { dependsOn: ['a'] }),
    snap({ tasks: [makeTask('a')] }),
    { kind: 'wait', message: 'Waiting for dependency "a"' },
  ],
  [
    'only the first blocking dependency in list order is reported',
    makeTask('c', { dependsOn: ['a', 'b'] }),
    snap({ tasks: [succeeded('a'), makeTask('b', {}, { phase: 'Failed' })] }),
    { kind: 'fail', reason: 'DependencyFailed', message: 'Dependency "b" failed' },
  ],
  [
    'missing before failed when listed first',
    makeTask('c', { dependsOn: ['x', 'b'] }),
    snap({ tasks: [makeTask('b', {}, { phase: 'Failed' })] }),
    { kind: 'wait', message: 'Waiting for dependency "x" to be created' },
  ],
  [
    'all dependencies succeeded → lock',
    makeTask('c', { dependsOn: ['a'] }),
    snap({ tasks: [succeeded('a')] }),
    { kind: 'lock' },
  ],
  [
    'missing Workspace',
    makeTask('t', { workspaceRef: { name: 'ws' } }),
    snap(),
    { kind: 'wait', message: 'Waiting for Workspace "ws" to be created' },
  ],
  [
    'missing AgentConfig',
    makeTask('t', { workspaceRef: { name: 'ws' }, agentConfigRef: { name: 'ac' } }),
    snap({ workspace: workspace() }),
    { kind: 'wait', message: 'Waiting for AgentConfig "ac" to be created' },
  ],
  [
    'present Workspace and AgentConfig pass',
    makeTask('t', { workspaceRef: { name: 'ws' }, agentConfigRef: { name: 'ac' } }),
    snap({ workspace: workspace(), agentConfig }),
    { kind: 'lock' },
  ],
  [
    'missing credentials Secret',
    makeTask('t'),
    snap({ secrets: new Map([['creds', undefined]]) }),
    { kind: 'wait', message: 'Waiting for Secret "creds" to be created' },
  ],
  [
    'credentials Secret without the oauth key of claude-code',
    makeTask('t', { credentials: { type: 'oauth', secretRef: { name: 'creds' } } }),
    snap(),
    { kind: 'wait', message: 'Waiting for Secret "creds" to have key "CLAUDE_CODE_OAUTH_TOKEN"' },
  ],
  [
    'codex oauth reads CODEX_AUTH_JSON',
    makeTask('t', { type: 'codex', credentials: { type: 'oauth', secretRef: { name: 'creds' } } }),
    snap({ secrets: new Map([['creds', secret('creds', { CODEX_AUTH_JSON: '{}' })]]) }),
    { kind: 'lock' },
  ],
  [
    'gemini oauth reads GEMINI_API_KEY',
    makeTask('t', { type: 'gemini', credentials: { type: 'oauth', secretRef: { name: 'creds' } } }),
    snap(),
    { kind: 'wait', message: 'Waiting for Secret "creds" to have key "GEMINI_API_KEY"' },
  ],
  [
    'missing workspace Secret',
    makeTask('t', { workspaceRef: { name: 'ws' } }),
    snap({
      workspace: workspace('gh'),
      secrets: new Map([
        ['creds', secret('creds', { ANTHROPIC_API_KEY: 'k' })],
        ['gh', undefined],
      ]),
    }),
    { kind: 'wait', message: 'Waiting for Secret "gh" to be created' },
  ],
  [
    'workspace Secret with neither GITHUB_TOKEN nor GitHub App keys',
    makeTask('t', { workspaceRef: { name: 'ws' } }),
    snap({
      workspace: workspace('gh'),
      secrets: new Map([
        ['creds', secret('creds', { ANTHROPIC_API_KEY: 'k' })],
        ['gh', secret('gh', { other: 'x' })],
      ]),
    }),
    { kind: 'wait', message: 'Waiting for Secret "gh" to have key "GITHUB_TOKEN"' },
  ],
  [
    'workspace Secret holding a GitHub App',
    makeTask('t', { workspaceRef: { name: 'ws' } }),
    snap({
      workspace: workspace('gh'),
      secrets: new Map([
        ['creds', secret('creds', { ANTHROPIC_API_KEY: 'k' })],
        ['gh', secret('gh', { appID: '1', installationID: '2', privateKey: 'pem' })],
      ]),
    }),
    { kind: 'lock' },
  ],
  [
    'dependencies are checked before the Workspace',
    makeTask('b', { dependsOn: ['a'], workspaceRef: { name: 'ws' } }),
    snap(),
    { kind: 'wait', message: 'Waiting for dependency "a" to be created' },
  ],
  [
    'broken prompt template fails the Task quoting the error',
    makeTask('b', { dependsOn: ['a'], prompt: 'Use {{ .Deps.a.Results.branch }}' }),
    snap({ tasks: [succeeded('a')] }),
    {
      kind: 'fail',
      reason: 'TemplateError',
      message:
        'Failed to render prompt: template: prompt:1: executing "prompt" at <.Deps.a.Results.branch>: map has no entry for key "branch"',
    },
  ],
  [
    'a prompt that renders passes',
    makeTask('b', { dependsOn: ['a'], prompt: 'Review {{ index .Deps "a" "Results" "branch" }}' }),
    snap({ tasks: [succeeded('a', { results: { branch: 'feature/x' } })] }),
    { kind: 'lock' },
  ],
  [
    'a prompt without dependsOn is never rendered',
    makeTask('t', { prompt: 'Explain {{.Broken' }),
    snap(),
    { kind: 'lock' },
  ],
];

describe('decideGates', () => {
  for (const [name, task, snapshot, expected] of TABLE) {
    it(name, () => {
      expect(decideGates(task, snapshot)).to.deep.equal(expected);
    });
  }
});

describe('skipReason', () => {
  it('takes Tasks with phase "" or Waiting, no Pod, not admitted, not deleting', () => {
    expect(skipReason(makeTask('t'))).to.equal(undefined);
    expect(skipReason(makeTask('t', {}, { phase: 'Waiting', message: 'x' }))).to.equal(undefined);
    expect(skipReason(makeTask('t', {}, { phase: 'Pending' }))).to.equal('phase is Pending');
    expect(skipReason(makeTask('t', {}, { phase: 'Failed' }))).to.equal('phase is Failed');
    expect(skipReason(makeTask('t', {}, { podName: 'p' }))).to.equal('already has Pod p');
    const admitted = makeTask(
      't',
      {},
      {
        conditions: [
          { type: 'Admitted', status: 'True', reason: 'GatesPassed', message: '', lastTransitionTime: '' },
        ],
      },
    );
    expect(skipReason(admitted)).to.equal('already admitted');
    const deleting = makeTask('t');
    deleting.metadata.deletionTimestamp = '2026-11-25T10:00:00Z';
    expect(skipReason(deleting)).to.equal('being deleted');
  });
});

describe('nextStatus', () => {
  const now = new Date('2026-11-25T12:00:00Z');

  it('writes Waiting with Ready/Succeeded conditions', () => {
    const status = nextStatus(makeTask('t'), { kind: 'wait', message: 'Waiting for dependency "a"' }, now)!;
    expect(status.phase).to.equal('Waiting');
    expect(status.message).to.equal('Waiting for dependency "a"');
    expect(status.conditions?.find((c) => c.type === 'Ready')).to.include({
      status: 'False',
      reason: 'Waiting',
    });
    expect(status.completionTime).to.equal(undefined);
  });

  it('skips a Waiting write identical to the current status (no churn)', () => {
    const task = makeTask('t', {}, { phase: 'Waiting', message: 'Waiting for dependency "a"' });
    expect(nextStatus(task, { kind: 'wait', message: 'Waiting for dependency "a"' }, now)).to.equal(
      undefined,
    );
    expect(nextStatus(task, { kind: 'wait', message: 'Waiting for dependency "b"' }, now)?.message).to.equal(
      'Waiting for dependency "b"',
    );
  });

  it('writes Failed with completionTime', () => {
    const status = nextStatus(
      makeTask('t'),
      { kind: 'fail', reason: 'DependencyFailed', message: 'Dependency "a" failed' },
      now,
    )!;
    expect(status).to.include({
      phase: 'Failed',
      message: 'Dependency "a" failed',
      completionTime: '2026-11-25T12:00:00.000Z',
    });
    expect(status.conditions?.find((c) => c.type === 'Succeeded')).to.include({
      status: 'False',
      reason: 'Failed',
    });
  });

  it('admits in one write: Admitted=True (GatesPassed) and Pending, keeping the message, no podName', () => {
    const task = makeTask('t', {}, { phase: 'Waiting', message: 'Waiting for dependency "a"' });
    const status = nextStatus(task, { kind: 'admit' }, now)!;
    expect(status).to.include({ phase: 'Pending', message: 'Waiting for dependency "a"' });
    expect(status.podName).to.equal(undefined);
    expect(status.conditions?.find((c) => c.type === 'Admitted')).to.include({
      status: 'True',
      reason: 'GatesPassed',
    });
    expect(status.conditions?.find((c) => c.type === 'Ready')).to.include({
      status: 'False',
      reason: 'PodPending',
    });
    expect(skipReason({ ...task, status })).to.equal('already admitted');
  });

  it('admits a new Task (no phase) as Pending with an empty message', () => {
    const status = nextStatus(makeTask('t'), { kind: 'admit' }, now)!;
    expect(status).to.include({ phase: 'Pending', message: '' });
  });
});
