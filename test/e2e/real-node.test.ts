/**
 * End to end on a real node, nothing faked but the model (and GitHub's REST
 * API, for the spawner): a signed GitHub webhook (real payload) →
 * github-source → spawn → Task → Pod on the kubelet → init containers clone
 * the Workspace from the local git server over HTTP with a token → the real
 * agent CLI talks to the scripted model, commits and pushes → Task Succeeded
 * with branch, commit and usage → a dependent Task runs with the upstream
 * branch in its prompt. Also: `kelos logs -f` through the API server, the two
 * other agent types, an agent exiting non-zero, a Pod deleted mid-run. All
 * agent Pods run in a namespace enforcing Pod Security "restricted".
 * Skipped, with the reason, where a node cannot run (not Linux, not root).
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startGitServer, type GitServer } from '../../scripts/dev/git-server.js';
import { podModelWiring, commitAndPushCommand, type AgentType } from '../../scripts/dev/pod-model.js';
import { nodeSupport } from '../../scripts/node/node.js';
import { REPO_ROOT } from '../support/cluster.js';
import { startModelServer, type ModelServer, type ScriptStep } from '../support/model-server.js';
import { FINAL_TEXT } from '../support/model-server-script.js';
import { deliverIssueEvent, labeledIssuePayload } from './support/issue-webhook.js';
import { applySpawner } from './support/spawner.js';
import { eventually, startWorld, type World } from './world.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects read back as JSON */
const support = nodeSupport();
const REPO = 'example-org/example-repo';
const GIT_TOKEN = 'local-git-token-7c1d';
const USAGE = { input: 321, output: 45 };
/** Every agent writes this file with its type on its own branch, commits and pushes. */
const COMMIT: ScriptStep[] = [
  {
    kind: 'shell',
    command: commitAndPushCommand('AGENT.md', 'written by a scripted agent', 'Add AGENT.md'),
    description: 'Commit and push',
  },
  { kind: 'text', text: FINAL_TEXT },
];

describe('e2e on a real node: agents in containers, end to end', function () {
  this.timeout(600_000);
  let world: World;
  let git: GitServer;
  let model: ModelServer;
  let ns: string;
  let gateway: string;
  const servers: ModelServer[] = [];

  before(async function () {
    // First run on a machine: the images are built here (npm test builds them before the suites).
    this.timeout(1_800_000);
    if (!support.ok) {
      console.log(`      skipped: no local node here: ${support.reason}`);
      this.skip();
    }
    world = await startWorld({ resyncSeconds: 10, node: 'on' });
    const node = world.stack.node.node!;
    gateway = node.settings.gateway;
    git = await startGitServer({ root: join(world.stateDir, 'git'), host: gateway, token: GIT_TOKEN });
    await git.createRepo('widgets', { 'README.md': '# widgets\n' });
    model = await startModelServer({ host: gateway, script: COMMIT, usage: USAGE });
    servers.push(model);
    ns = await world.newNamespace('agents');
    await world.kubectl(['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted']);
    const wirings = (['claude-code', 'codex', 'gemini', 'opencode'] as AgentType[]).map((t) =>
      podModelWiring(t, model.url),
    );
    await world.apply(ns, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'git-token' },
      stringData: { GITHUB_TOKEN: GIT_TOKEN },
    });
    await world.apply(ns, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'model-keys' },
      stringData: Object.fromEntries(wirings.map((w) => [w.credentialKey, `key-for-${w.credentialKey}`])),
    });
    await world.apply(ns, {
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Workspace',
      metadata: { name: 'widgets' },
      spec: {
        repo: git.repoUrl('widgets'),
        ref: 'main',
        secretRef: { name: 'git-token' },
        files: wirings.flatMap((w) => w.files),
      },
    });
  });

  after(async () => {
    for (const s of servers) await s.stop();
    await git?.stop();
    await world?.close();
  });

  const task = (name: string) => world.get<any>(ns, 'task', name);
  const finished = (name: string, timeoutMs = 240_000) =>
    eventually(
      `Task ${name} to finish`,
      async () => {
        const t = await task(name);
        return ['Succeeded', 'Failed'].includes(t?.status?.phase) ? t : undefined;
      },
      timeoutMs,
    );
  const explain = async (name: string, t: any) =>
    `Task ${name}: ${JSON.stringify(t?.status)}\npod: ${JSON.stringify((await world.get<any>(ns, 'pod', t?.status?.podName ?? name))?.status?.containerStatuses)}`;

  function agentTask(
    name: string,
    type: AgentType,
    extra: Record<string, unknown> = {},
    modelUrl = model.url,
  ) {
    const w = podModelWiring(type, modelUrl);
    return {
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      metadata: { name },
      spec: {
        type,
        model: w.model,
        prompt: `Work on ${name}.`,
        credentials: { type: 'api-key', secretRef: { name: 'model-keys' } },
        workspaceRef: { name: 'widgets' },
        branch: `kelos/${name}`,
        podOverrides: { activeDeadlineSeconds: 600, env: w.env },
        ...extra,
      },
    };
  }

  async function expectPushed(name: string, branch: string): Promise<any> {
    const t = await finished(name);
    expect(t.status.phase, await explain(name, t)).to.equal('Succeeded');
    const commit = await git.branchCommit('widgets', branch);
    expect(commit, `branch ${branch} in the local repository`).to.match(/^[0-9a-f]{40}$/);
    expect(t.status.results).to.include({ branch, commit });
    expect(await git.show('widgets', branch, 'AGENT.md')).to.equal('written by a scripted agent\n');
    return t;
  }

  it('webhook → spawned claude-code Task pushes its branch; a dependent codex Task gets that branch in its prompt; kelos logs -f streams', async () => {
    const claude = podModelWiring('claude-code', model.url);
    await applySpawner(world, ns, {
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'TaskSpawner',
      metadata: { name: 'issue-worker' },
      spec: {
        when: {
          githubIssues: {
            repo: `https://github.com/${REPO}`,
            types: ['issues'],
            labels: ['kelos'],
            state: 'open',
          },
        },
        pollInterval: '1h',
        taskTemplate: {
          type: 'claude-code',
          model: claude.model,
          credentials: { type: 'api-key', secretRef: { name: 'model-keys' } },
          workspaceRef: { name: 'widgets' },
          branch: 'kelos-issue-{{.Number}}',
          promptTemplate: 'Resolve issue #{{.Number}}: {{.Title}}',
          podOverrides: { activeDeadlineSeconds: 600, env: claude.env },
        },
      },
    });
    const issue = world.gh.setIssue(REPO, {
      number: 42,
      title: 'Add an agent file',
      body: 'Please.',
      labels: ['kelos'],
    });
    expect(await deliverIssueEvent(world, labeledIssuePayload(REPO, issue))).to.be.within(200, 299);
    const spawned = await eventually(
      'the spawned Task',
      async () => (await world.list<any>(ns, 'tasks', 'kelos.dev/taskspawner=issue-worker'))[0],
      60_000,
    );
    const name = spawned.metadata.name as string;

    // kelos logs -f: the agent's output through the API server and the kubelet.
    const logs = spawn(process.execPath, [join(REPO_ROOT, 'bin/kelos.js'), 'logs', name, '-f', '-n', ns], {
      cwd: REPO_ROOT,
      env: { ...process.env, KUBECONFIG: world.stack.cluster.kubeconfigPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logOut = '';
    let logErr = '';
    logs.stdout.on('data', (c: Buffer) => (logOut += c.toString()));
    logs.stderr.on('data', (c: Buffer) => (logErr += c.toString()));
    const logsDone = new Promise<number | null>((r) => logs.on('close', (code) => r(code)));

    const first = await expectPushed(name, 'kelos-issue-42');
    expect(
      Number(first.status.results['input-tokens']),
      JSON.stringify(first.status.results),
    ).to.be.greaterThan(0);
    expect(Number(first.status.results['output-tokens'])).to.be.greaterThan(0);
    const code = await Promise.race([
      logsDone,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000)),
    ]);
    if (code === 'timeout') logs.kill();
    expect(code, `kelos logs -f: ${logErr}`).to.equal(0);
    expect(logErr).to.include('Streaming container (claude-code) logs');
    expect(logOut, logErr).to.include(FINAL_TEXT);

    await world.apply(
      ns,
      agentTask('followup', 'codex', {
        dependsOn: [name],
        prompt: `Continue from branch {{ index .Deps "${name}" "Results" "branch" }} (UPSTREAM-MARK).`,
      }),
    );
    await expectPushed('followup', 'kelos/followup');
    const codexPrompt = model.requests.find((r) => r.api === 'openai' && r.text.includes('UPSTREAM-MARK'));
    expect(codexPrompt?.text, 'the codex prompt').to.include('Continue from branch kelos-issue-42');
  });

  it('opencode runs for real and pushes its branch', async () => {
    await world.apply(ns, agentTask('by-opencode', 'opencode'));
    await expectPushed('by-opencode', 'kelos/by-opencode');
  });

  // gemini-cli blanks credential helpers and askpass in its shell: the push
  // goes through the Authorization header git-clone keeps in the clone's config.
  it('gemini runs for real, pushes its branch and reports usage', async () => {
    await world.apply(ns, agentTask('by-gemini', 'gemini'));
    const t = await expectPushed('by-gemini', 'kelos/by-gemini');
    expect(Number(t.status.results['input-tokens'])).to.be.greaterThan(0);
    const asked = model.requests.filter((r) => r.api === 'gemini' && r.scripted);
    expect(asked.length, 'scripted gemini turns').to.be.greaterThan(1);
  });

  it('an agent that exits non-zero fails its Task', async () => {
    const refusing = await startModelServer({
      host: gateway,
      // 400 is not retried (a 401 is, ten times with backoff, for minutes).
      script: [{ kind: 'error', status: 400, message: 'Scripted refusal' }],
    });
    servers.push(refusing);
    await world.apply(ns, agentTask('refused', 'claude-code', {}, refusing.url));
    const t = await finished('refused');
    expect(t.status.phase, await explain('refused', t)).to.equal('Failed');
    expect(t.status.message).to.match(/agent container claude-code exited with code [1-9]/);
    expect(await git.branchCommit('widgets', 'kelos/refused')).to.equal(undefined);
  });

  it('a Pod deleted mid-run fails its Task', async () => {
    const slow = await startModelServer({ host: gateway, script: [{ kind: 'shell', command: 'sleep 600' }] });
    servers.push(slow);
    await world.apply(ns, agentTask('interrupted', 'claude-code', {}, slow.url));
    // The agent is running its tool call once the model has been asked.
    await eventually('the agent to call the model', async () => slow.scripted().length > 0, 240_000);
    // podName is recorded with the Running write (capture-outputs), which may trail the agent's first call.
    const pod = await eventually(
      'the Task to record its Pod',
      async () => (await task('interrupted'))?.status?.podName as string | undefined,
      60_000,
    );
    await world.kubectl(['delete', 'pod', pod, '-n', ns, '--wait=false']);
    const t = await finished('interrupted', 120_000);
    expect(t.status.phase, await explain('interrupted', t)).to.equal('Failed');
  });
});
