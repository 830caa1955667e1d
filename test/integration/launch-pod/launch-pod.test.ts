/**
 * launch-pod against the real API server (KELOS-BEHAVIOUR §8.1 cases 1-5,
 * 9-16, 22, 27, 30 adapted: Job → Pod). resolve-dependencies is played by
 * setting Admitted=True; events are real ApiServerSource-shaped CloudEvents.
 */
import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import type { Container, Pod } from '../../../functions/core/task/pod-types.js';
import {
  createAdmittedTask,
  createObject,
  createSecret,
  eventually,
  failedStatus,
  getPod,
  getTask,
  sendObjectEvent,
  sendPing,
  startHarness,
  taskObject,
  type Harness,
} from './harness.js';
import { startTokenServer } from './github-token-server.js';
import { apiServerRefEvent, postEvent, type ObjectLike } from '../../support/cloudevents.js';

const env = (c: Container | undefined, name: string) => c?.env?.find((e) => e.name === name);
const init = (pod: Pod, name: string) => pod.spec.initContainers?.find((c) => c.name === name);

function workspace(ns: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'kelos.dev/v1alpha1', kind: 'Workspace', metadata: { name, namespace: ns }, spec };
}

describe('launch-pod (integration)', function () {
  this.timeout(60_000);
  let h: Harness;
  let ns: string;
  let tokens: Awaited<ReturnType<typeof startTokenServer>>;

  before(async function () {
    this.timeout(180_000);
    tokens = await startTokenServer('ghs_mock_installation_token');
    h = await startHarness('launch-pod', { KELOS_GITHUB_API_BASE_URL: tokens.url });
    ns = h.ns;
  });
  after(async () => {
    await h?.stop();
    await tokens?.stop();
  });

  async function launch(
    name: string,
    spec: Parameters<typeof taskObject>[2] = {},
    labels?: Record<string, string>,
  ): Promise<Pod> {
    const task = await createAdmittedTask(h.kube, taskObject(ns, name, spec, labels));
    expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(202);
    return (await getPod(h.kube, ns, name))!;
  }

  it('API key: Pod with default image, entrypoint, prompt, env, ownerReference; the Task is not written', async () => {
    const admitted = await createAdmittedTask(h.kube, taskObject(ns, 'api-key-task'));
    expect(await sendObjectEvent(h.launch, 'add', admitted)).to.equal(202);
    const pod = (await getPod(h.kube, ns, 'api-key-task'))!;
    const task = (await getTask(h.kube, ns, 'api-key-task'))!;
    const c = pod.spec.containers[0]!;
    expect(c.image).to.equal('ghcr.io/kelos-dev/kelos-knative/claude-code:latest');
    expect(c.command).to.deep.equal(['/kelos_entrypoint.sh']);
    expect(c.args).to.deep.equal(['Fix the bug']);
    expect(env(c, 'KELOS_MODEL')?.value).to.equal('claude-sonnet-4-20250514');
    expect(env(c, 'KELOS_AGENT_TYPE')?.value).to.equal('claude-code');
    expect(env(c, 'ANTHROPIC_API_KEY')?.valueFrom?.secretKeyRef).to.deep.include({
      name: 'anthropic-api-key',
      key: 'ANTHROPIC_API_KEY',
    });
    expect(pod.metadata.ownerReferences).to.have.length(1);
    expect(pod.metadata.ownerReferences![0]).to.include({
      kind: 'Task',
      name: 'api-key-task',
      uid: task.metadata.uid,
      controller: true,
    });
    expect(pod.spec.restartPolicy).to.equal('Never');
    expect(pod.spec.serviceAccountName).to.equal('kelos-agent');
    // Pending since admission; the Pod's name is capture-outputs' to record once the agent runs.
    expect(task.metadata.resourceVersion).to.equal(admitted.metadata.resourceVersion);
    expect(task.status?.phase).to.equal('Pending');
    expect(task.status?.podName).to.equal(undefined);
    expect(task.status?.conditions?.find((x) => x.type === 'Ready')?.reason).to.equal('PodPending');
  });

  it('a Task an older version admitted (Admitted=True, no phase) still launches', async () => {
    const task = await createAdmittedTask(h.kube, taskObject(ns, 'old-admit'), { olderVersion: true });
    expect(task.status?.phase).to.equal(undefined);
    expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(202);
    expect((await getPod(h.kube, ns, 'old-admit'))?.metadata.ownerReferences?.[0]?.uid).to.equal(
      task.metadata.uid,
    );
  });

  it('the resync sweep passes over an admitted Task whose Pod name is taken (no create, no error), and launches once it is free', async () => {
    const task = await createAdmittedTask(h.kube, taskObject(ns, 'name-taken'));
    // A namesake's Pod (its Task deleted, the Pod held by its finalizer), as the sweep's Pod list shows it.
    await h.kube.create<Pod>({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'name-taken', namespace: ns, labels: { 'kelos.dev/task': 'name-taken' } },
      spec: { containers: [{ name: 'x', image: 'busybox' }] },
    });
    // An event still tries (and is answered 503, to be redelivered: the Pod is not this Task's) ...
    const res = await postEvent(h.launch.url, apiServerRefEvent('add', task as unknown as ObjectLike));
    expect(res.status).to.equal(503);
    // ... while the sweep does not even try: the 503 above is what an attempt would have made of it.
    expect(await sendPing(h.launch)).to.equal(202);
    expect((await getPod(h.kube, ns, 'name-taken'))?.metadata.ownerReferences).to.equal(undefined);
    await h.kube.delete({ apiVersion: 'v1', kind: 'Pod', namespace: ns, name: 'name-taken' });
    await eventually(
      'the namesake Pod gone',
      async () => (await getPod(h.kube, ns, 'name-taken')) === undefined,
    );
    expect(await sendPing(h.launch)).to.equal(202);
    expect((await getPod(h.kube, ns, 'name-taken'))?.metadata.ownerReferences?.[0]?.uid).to.equal(
      task.metadata.uid,
    );
  });

  describe('a prompt too long for one argument (over 128 KiB)', () => {
    const configMap = (name: string) =>
      h.kube.get<KubeObject & { data?: Record<string, string> }>({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns,
        name,
      });

    it('reaches the Pod as a mounted ConfigMap file named by KELOS_PROMPT_FILE, not as an argument', async () => {
      const prompt = `Fix the bug.\n${'Context from the upstream Task. '.repeat(7000)}END-4f1a`;
      expect(Buffer.byteLength(prompt)).to.be.above(128 * 1024);
      const pod = await launch('big-prompt', { prompt });
      const task = (await getTask(h.kube, ns, 'big-prompt'))!;
      const c = pod.spec.containers[0]!;
      expect(c.args ?? []).to.deep.equal([]);
      expect(c.env?.[0]).to.deep.equal({ name: 'KELOS_PROMPT_FILE', value: '/kelos/prompt/prompt' });
      expect(c.volumeMounts).to.deep.include({
        name: 'kelos-prompt',
        mountPath: '/kelos/prompt',
        readOnly: true,
      });
      const volume = pod.spec.volumes?.find((v) => v.name === 'kelos-prompt');
      expect(volume?.['configMap']).to.deep.include({ name: 'big-prompt-prompt', defaultMode: 0o444 });
      const cm = await configMap('big-prompt-prompt');
      expect(cm?.data?.['prompt']).to.equal(prompt);
      expect(cm?.metadata.ownerReferences?.[0]).to.include({ kind: 'Task', uid: task.metadata.uid });
      expect(task.status?.phase).to.equal('Pending');
    });

    it('over 1 MiB: the Task fails with a clear message before any Pod or ConfigMap exists', async () => {
      const prompt = 'y'.repeat(1024 * 1024 + 10);
      const task = await createAdmittedTask(h.kube, taskObject(ns, 'huge-prompt', { prompt }));
      expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(202);
      const failed = (await getTask(h.kube, ns, 'huge-prompt'))!;
      expect(failed.status?.phase).to.equal('Failed');
      expect(failed.status?.message).to.equal(
        'Prompt too large: the rendered prompt is 1048586 bytes; at most 1048570 can be delivered to the agent ' +
          '(a Kubernetes ConfigMap holds at most 1 MiB)',
      );
      expect(await getPod(h.kube, ns, 'huge-prompt')).to.equal(undefined);
      expect(await configMap('huge-prompt-prompt')).to.equal(undefined);
    });
  });

  it('creates the kelos-agent ServiceAccount without a token and without RBAC', async () => {
    const sa = await h.kube.get<KubeObject>({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      namespace: ns,
      name: 'kelos-agent',
    });
    expect(sa?.['automountServiceAccountToken']).to.equal(false);
  });

  it('a duplicate event, a reordered update and a resync never make a second Pod', async () => {
    const task = await createAdmittedTask(h.kube, taskObject(ns, 'dup-task'));
    const results = await Promise.all([0, 1, 2, 3].map(() => sendObjectEvent(h.launch, 'update', task)));
    expect(results.every((s) => s === 202 || s === 204)).to.equal(true);
    expect(await sendPing(h.launch)).to.equal(202);
    const pods = await h.kube.list<Pod>('v1', 'Pod', ns, { labelSelector: 'kelos.dev/task=dup-task' });
    expect(pods.items).to.have.length(1);
    expect((await getTask(h.kube, ns, 'dup-task'))!.status?.phase).to.equal('Pending');
  });

  it('a Task that is not admitted gets no Pod', async () => {
    const task = await h.kube.create(taskObject(ns, 'not-admitted'));
    expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(204);
    expect(await getPod(h.kube, ns, 'not-admitted')).to.equal(undefined);
  });

  it('an event for a Task that does not exist is acknowledged and changes nothing', async () => {
    expect(await sendObjectEvent(h.launch, 'add', taskObject(ns, 'no-such-task'))).to.equal(204);
    expect(await sendObjectEvent(h.capture, 'add', taskObject(ns, 'no-such-task'))).to.equal(204);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'no-such-task', namespace: ns } };
    expect(await sendObjectEvent(h.capture, 'delete', pod)).to.equal(204);
    expect(await getPod(h.kube, ns, 'no-such-task')).to.equal(undefined);
  });

  it('a malformed CloudEvent is answered 400 with a reason and changes nothing', async () => {
    for (const url of [h.launch.url, h.capture.url]) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'ce-specversion': '1.0',
          'ce-type': 'dev.knative.apiserver.ref.add',
        },
        body: '{"kind":"Task"}',
      });
      expect(res.status, url).to.equal(400);
      expect(((await res.json()) as { error?: string }).error).to.be.a('string');
    }
  });

  it('OAuth: CLAUDE_CODE_OAUTH_TOKEN from the secret', async () => {
    const pod = await launch('oauth-task', {
      credentials: { type: 'oauth', secretRef: { name: 'claude-oauth' } },
    });
    const c = pod.spec.containers[0]!;
    expect(env(c, 'KELOS_AGENT_TYPE')?.value).to.equal('claude-code');
    expect(env(c, 'CLAUDE_CODE_OAUTH_TOKEN')?.valueFrom?.secretKeyRef).to.deep.include({
      name: 'claude-oauth',
      key: 'CLAUDE_CODE_OAUTH_TOKEN',
    });
  });

  it('Workspace with ref: git-clone init container, fsGroup, volume, mount, workingDir', async () => {
    await createObject(
      h.kube,
      workspace(ns, 'ws-ref', { repo: 'https://github.com/example/repo.git', ref: 'main' }),
    );
    const pod = await launch('ws-ref-task', { workspaceRef: { name: 'ws-ref' } });
    const clone = init(pod, 'git-clone')!;
    expect(clone.args).to.deep.equal([
      'clone',
      '--branch',
      'main',
      '--no-single-branch',
      '--depth',
      '1',
      '--',
      'https://github.com/example/repo.git',
      '/workspace/repo',
    ]);
    expect(clone.securityContext?.runAsUser).to.equal(61100);
    expect(pod.spec.securityContext?.fsGroup).to.equal(61100);
    expect(pod.spec.volumes?.find((v) => v.name === 'workspace')?.emptyDir).to.deep.equal({});
    expect(pod.spec.containers[0]!.volumeMounts).to.deep.include({
      name: 'workspace',
      mountPath: '/workspace',
    });
    expect(pod.spec.containers[0]!.workingDir).to.equal('/workspace/repo');
  });

  it('Workspace with secretRef: token env on main and git-clone, credential-helper script', async () => {
    await createObject(
      h.kube,
      workspace(ns, 'ws-secret', {
        repo: 'https://github.com/example/repo.git',
        ref: 'main',
        secretRef: { name: 'github-token' },
      }),
    );
    await createSecret(h.kube, ns, 'github-token', { GITHUB_TOKEN: 'ghp_pat_value' });
    const pod = await launch('ws-secret-task', { workspaceRef: { name: 'ws-secret' } });
    const c = pod.spec.containers[0]!;
    for (const name of [
      'KELOS_AGENT_TYPE',
      'ANTHROPIC_API_KEY',
      'KELOS_BASE_BRANCH',
      'GITHUB_TOKEN',
      'GH_TOKEN',
    ])
      expect(env(c, name), name).to.not.equal(undefined);
    expect(env(c, 'GITHUB_TOKEN')?.valueFrom?.secretKeyRef).to.deep.include({
      name: 'github-token',
      key: 'GITHUB_TOKEN',
    });
    const clone = init(pod, 'git-clone')!;
    expect(env(clone, 'GITHUB_TOKEN')).to.not.equal(undefined);
    expect(env(clone, 'GH_TOKEN')).to.not.equal(undefined);
    expect(clone.command?.slice(0, 2)).to.deep.equal(['sh', '-c']);
    expect(clone.command![2]).to.include('credential.helper');
    expect(JSON.stringify(pod)).to.not.include('ghp_pat_value');
  });

  it('Workspace without ref: no --branch', async () => {
    await createObject(h.kube, workspace(ns, 'ws-noref', { repo: 'https://github.com/example/repo.git' }));
    const pod = await launch('ws-noref-task', { workspaceRef: { name: 'ws-noref' } });
    expect(init(pod, 'git-clone')!.args).to.not.include('--branch');
    expect(init(pod, 'git-clone')!.securityContext?.runAsUser).to.equal(61100);
    expect(pod.spec.securityContext?.fsGroup).to.equal(61100);
  });

  it('custom image with a workspace', async () => {
    const pod = await launch('custom-image-task', {
      image: 'my-registry/custom-agent:v1',
      workspaceRef: { name: 'ws-ref' },
    });
    const c = pod.spec.containers[0]!;
    expect(c.image).to.equal('my-registry/custom-agent:v1');
    expect(c.command).to.deep.equal(['/kelos_entrypoint.sh']);
    expect(env(c, 'KELOS_MODEL')).to.not.equal(undefined);
    expect(c.workingDir).to.equal('/workspace/repo');
    expect(init(pod, 'git-clone')!.securityContext?.runAsUser).to.equal(61100);
  });

  it('GitHub Enterprise workspace: GH_HOST and GH_ENTERPRISE_TOKEN, no GH_TOKEN', async () => {
    await createObject(
      h.kube,
      workspace(ns, 'ws-ghe', {
        repo: 'https://github.example.com/org/repo.git',
        secretRef: { name: 'github-token' },
      }),
    );
    const pod = await launch('ghe-task', { workspaceRef: { name: 'ws-ghe' } });
    for (const c of [pod.spec.containers[0]!, init(pod, 'git-clone')!]) {
      expect(env(c, 'GH_HOST')?.value, c.name).to.equal('github.example.com');
      expect(env(c, 'GH_ENTERPRISE_TOKEN'), c.name).to.not.equal(undefined);
      expect(env(c, 'GH_TOKEN'), c.name).to.equal(undefined);
    }
  });

  const agents: [string, string, 'api-key' | 'oauth', string][] = [
    ['codex-api', 'codex', 'api-key', 'CODEX_API_KEY'],
    ['codex-oauth', 'codex', 'oauth', 'CODEX_AUTH_JSON'],
    ['opencode-api', 'opencode', 'api-key', 'OPENCODE_API_KEY'],
    ['gemini-api', 'gemini', 'api-key', 'GEMINI_API_KEY'],
  ];
  for (const [name, type, cred, envName] of agents) {
    it(`${type} ${cred}: default image and ${envName}`, async () => {
      const pod = await launch(name, {
        type: type as 'codex',
        credentials: { type: cred, secretRef: { name: 'creds' } },
      });
      const c = pod.spec.containers[0]!;
      expect(c.name).to.equal(type);
      expect(c.image).to.equal(`ghcr.io/kelos-dev/kelos-knative/${type}:latest`);
      expect(env(c, 'KELOS_AGENT_TYPE')?.value).to.equal(type);
      expect(env(c, envName)?.valueFrom?.secretKeyRef).to.deep.include({ name: 'creds', key: envName });
      expect(pod.metadata.ownerReferences![0]!.kind).to.equal('Task');
    });
  }

  it('codex with a workspace: base branch, git-clone, mount and workingDir', async () => {
    const pod = await launch('codex-ws', { type: 'codex', workspaceRef: { name: 'ws-ref' } });
    const c = pod.spec.containers[0]!;
    expect(env(c, 'CODEX_API_KEY')).to.not.equal(undefined);
    expect(env(c, 'KELOS_BASE_BRANCH')?.value).to.equal('main');
    expect(init(pod, 'git-clone')).to.not.equal(undefined);
    expect(c.workingDir).to.equal('/workspace/repo');
  });

  it('nonexistent Workspace: no Pod and not Failed; once it exists, the resync tick launches', async () => {
    const task = await createAdmittedTask(
      h.kube,
      taskObject(ns, 'late-ws-task', { workspaceRef: { name: 'late-ws' } }),
    );
    expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(202);
    expect(await getPod(h.kube, ns, 'late-ws-task')).to.equal(undefined);
    expect((await getTask(h.kube, ns, 'late-ws-task'))!.status?.phase).to.not.equal('Failed');
    await createObject(h.kube, workspace(ns, 'late-ws', { repo: 'https://github.com/example/repo.git' }));
    expect(await sendPing(h.launch)).to.equal(202);
    expect(await getPod(h.kube, ns, 'late-ws-task')).to.not.equal(undefined);
  });

  it('GitHub App workspace: mints a token into <task>-github-token owned by the Task; the Pod uses it', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    await createSecret(h.kube, ns, 'github-app', {
      appID: '12345',
      installationID: '67890',
      privateKey: pem,
    });
    await createObject(
      h.kube,
      workspace(ns, 'ws-app', {
        repo: 'https://github.com/example/repo.git',
        secretRef: { name: 'github-app' },
      }),
    );
    const pod = await launch('app-task', { workspaceRef: { name: 'ws-app' } });
    const task = (await getTask(h.kube, ns, 'app-task'))!;
    const secret = await h.kube.get<KubeObject & { data?: Record<string, string> }>({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: ns,
      name: 'app-task-github-token',
    });
    expect(Buffer.from(secret!.data!['GITHUB_TOKEN']!, 'base64').toString()).to.equal(
      'ghs_mock_installation_token',
    );
    expect(secret!.metadata.ownerReferences![0]).to.include({ kind: 'Task', uid: task.metadata.uid });
    for (const c of [pod.spec.containers[0]!, init(pod, 'git-clone')!]) {
      expect(env(c, 'GITHUB_TOKEN')?.valueFrom?.secretKeyRef?.name, c.name).to.equal('app-task-github-token');
      expect(env(c, 'GH_TOKEN')?.valueFrom?.secretKeyRef?.name, c.name).to.equal('app-task-github-token');
    }
    expect(tokens.requests.at(-1)?.path).to.equal('/app/installations/67890/access_tokens');
    expect(tokens.requests.at(-1)?.authorization).to.match(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('a broken GitHub App secret fails the Task with "Failed to resolve GitHub token: ..."', async () => {
    await createSecret(h.kube, ns, 'bad-app', { appID: '1', installationID: '2', privateKey: 'not a key' });
    await createObject(
      h.kube,
      workspace(ns, 'ws-bad-app', {
        repo: 'https://github.com/example/repo.git',
        secretRef: { name: 'bad-app' },
      }),
    );
    const task = await createAdmittedTask(
      h.kube,
      taskObject(ns, 'bad-app-task', { workspaceRef: { name: 'ws-bad-app' } }),
    );
    expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(202);
    const after = (await getTask(h.kube, ns, 'bad-app-task'))!;
    expect(after.status?.phase).to.equal('Failed');
    expect(after.status?.message).to.equal(
      'Failed to resolve GitHub token: no PEM block found in private key',
    );
    expect(await getPod(h.kube, ns, 'bad-app-task')).to.equal(undefined);
    const failed = await eventually('failed event', async () =>
      h.sink.events.find((e) => e.type === 'dev.kelos.task.failed' && e.subject === 'bad-app-task'),
    );
    expect(failed.source).to.equal(`/apis/kelos.dev/v1alpha1/namespaces/${ns}/tasks/bad-app-task`);
  });

  it('a build error fails the Task with "Failed to build Pod: ..."', async () => {
    await createObject(
      h.kube,
      workspace(ns, 'ws-bad-file', {
        repo: 'https://github.com/example/repo.git',
        files: [{ path: '../AGENTS.md', content: 'x' }],
      }),
    );
    const task = await createAdmittedTask(
      h.kube,
      taskObject(ns, 'bad-file-task', { workspaceRef: { name: 'ws-bad-file' } }),
    );
    expect(await sendObjectEvent(h.launch, 'add', task)).to.equal(202);
    const after = (await getTask(h.kube, ns, 'bad-file-task'))!;
    expect(after.status?.phase).to.equal('Failed');
    expect(after.status?.message).to.equal(
      'Failed to build Pod: invalid workspace file path "../AGENTS.md": path escapes repository root',
    );
  });

  it('branch + workspace: branch-setup init container with KELOS_BRANCH; main has KELOS_BRANCH', async () => {
    const pod = await launch('branch-task', { workspaceRef: { name: 'ws-ref' }, branch: 'feature-1' });
    expect(env(init(pod, 'branch-setup'), 'KELOS_BRANCH')?.value).to.equal('feature-1');
    expect(env(pod.spec.containers[0], 'KELOS_BRANCH')?.value).to.equal('feature-1');
  });

  it('spawner-style Tasks with rendered branches each get their own Pod and KELOS_BRANCH', async () => {
    for (const n of [42, 99]) {
      const pod = await launch(
        `spawner-${n}`,
        { workspaceRef: { name: 'ws-ref' }, branch: `kelos-task-${n}` },
        { 'kelos.dev/taskspawner': 'spawner' },
      );
      expect(env(pod.spec.containers[0], 'KELOS_BRANCH')?.value).to.equal(`kelos-task-${n}`);
      expect(env(init(pod, 'branch-setup'), 'KELOS_BRANCH')?.value).to.equal(`kelos-task-${n}`);
      expect(env(pod.spec.containers[0], 'KELOS_TASKSPAWNER')?.value).to.equal('spawner');
    }
  });

  it('prompt templates read dependency Outputs and Results (Go template forms)', async () => {
    const a = await h.kube.create(taskObject(ns, 'results-task-a'));
    await h.kube.replaceStatus({
      ...a,
      status: {
        ...failedStatus('x'),
        phase: 'Succeeded',
        message: 'Task completed successfully',
        outputs: ['branch: feature-456', 'commit: abc'],
        results: { branch: 'feature-456', commit: 'abc' },
      },
    });
    const results = await launch('results-task-b', {
      dependsOn: ['results-task-a'],
      prompt: 'Review branch {{ index .Deps "results-task-a" "Results" "branch" }}',
    });
    expect(results.spec.containers[0]!.args).to.deep.equal(['Review branch feature-456']);
    const outputs = await launch('outputs-task-b', {
      dependsOn: ['results-task-a'],
      prompt: 'Upstream said: {{ index .Deps "results-task-a" "Outputs" }}',
    });
    expect(outputs.spec.containers[0]!.args![0]).to.equal('Upstream said: [branch: feature-456 commit: abc]');
  });

  it('a prompt without dependsOn is passed verbatim, braces and all', async () => {
    const pod = await launch('verbatim-task', { prompt: 'Keep {{.Literal}} as is' });
    expect(pod.spec.containers[0]!.args).to.deep.equal(['Keep {{.Literal}} as is']);
  });

  it('Workspace remotes: remote-setup after git-clone with quoted remote adds', async () => {
    await createObject(
      h.kube,
      workspace(ns, 'ws-remotes', {
        repo: 'https://github.com/example/repo.git',
        remotes: [
          { name: 'private', url: 'https://github.com/user/repo.git' },
          { name: 'downstream', url: 'https://github.com/other/repo.git' },
        ],
      }),
    );
    const pod = await launch('remotes-task', { workspaceRef: { name: 'ws-remotes' } });
    const names = pod.spec.initContainers!.map((c) => c.name);
    expect(names.indexOf('git-clone')).to.equal(0);
    expect(names.indexOf('remote-setup')).to.be.greaterThan(0);
    const script = init(pod, 'remote-setup')!.command![2]!;
    expect(script).to.include(`git remote add 'private' 'https://github.com/user/repo.git'`);
    expect(script).to.include(`git remote add 'downstream' 'https://github.com/other/repo.git'`);
  });
});
