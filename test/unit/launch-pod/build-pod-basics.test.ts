import { expect } from 'chai';
import type { AgentType, CredentialType } from '../../../functions/core/api/types.js';
import { buildPod } from '../../../functions/launch-pod/build-pod.js';
import { PodBuildError } from '../../../functions/launch-pod/build-error.js';
import { env, envNames, IMAGES, main, makeTask, makeWorkspace, secretRef } from './fixtures.js';
import { restrictedViolations } from './restricted-profile.js';

describe('buildPod: agent types and credentials', () => {
  const table: [AgentType, CredentialType, string][] = [
    ['claude-code', 'api-key', 'ANTHROPIC_API_KEY'],
    ['claude-code', 'oauth', 'CLAUDE_CODE_OAUTH_TOKEN'],
    ['codex', 'api-key', 'CODEX_API_KEY'],
    ['codex', 'oauth', 'CODEX_AUTH_JSON'],
    ['gemini', 'api-key', 'GEMINI_API_KEY'],
    ['gemini', 'oauth', 'GEMINI_API_KEY'],
    ['opencode', 'api-key', 'OPENCODE_API_KEY'],
    ['opencode', 'oauth', 'OPENCODE_API_KEY'],
  ];
  for (const [type, cred, envName] of table) {
    it(`${type} ${cred}: default image, entrypoint, prompt, ${envName} from the secret`, () => {
      const task = makeTask({ type, credentials: { type: cred, secretRef: { name: 'creds' } } });
      const pod = buildPod({ task, prompt: 'Fix the bug', images: IMAGES });
      const c = main(pod);
      expect(c.name).to.equal(type);
      expect(c.image).to.equal(IMAGES.agents[type]);
      expect(c.command).to.deep.equal(['/kelos_entrypoint.sh']);
      expect(c.args).to.deep.equal(['Fix the bug']);
      expect(env(c, 'KELOS_AGENT_TYPE')?.value).to.equal(type);
      expect(secretRef(c, envName)).to.deep.equal({ name: 'creds', key: envName });
      expect(envNames(c)).to.deep.equal(['KELOS_MODEL', 'KELOS_AGENT_TYPE', envName]);
    });
    it(`${type}: custom image wins over the default`, () => {
      const pod = buildPod({ task: makeTask({ type, image: 'my/image:v1' }), prompt: 'p', images: IMAGES });
      expect(main(pod).image).to.equal('my/image:v1');
      expect(main(pod).command).to.deep.equal(['/kelos_entrypoint.sh']);
    });
    it(`${type}: with a workspace`, () => {
      const pod = buildPod({
        task: makeTask({ type }),
        workspace: makeWorkspace({ ref: 'main' }),
        prompt: 'p',
        images: IMAGES,
      });
      expect(main(pod).workingDir).to.equal('/workspace/repo');
      expect(env(main(pod), 'KELOS_BASE_BRANCH')?.value).to.equal('main');
      expect(pod.spec.initContainers?.[0]?.name).to.equal('git-clone');
    });
  }

  it('KELOS_AGENT_TYPE is always set, without a model', () => {
    const pod = buildPod({
      task: makeTask({ model: undefined as unknown as string }),
      prompt: 'p',
      images: IMAGES,
    });
    expect(envNames(main(pod))).to.deep.equal(['KELOS_AGENT_TYPE', 'ANTHROPIC_API_KEY']);
  });

  it('no model → no KELOS_MODEL', () => {
    const task = makeTask();
    delete task.spec.model;
    expect(envNames(main(buildPod({ task, prompt: 'p', images: IMAGES })))).to.not.include('KELOS_MODEL');
  });

  it('unsupported agent type is a PodBuildError with the exact message', () => {
    const task = makeTask({ type: 'unknown-agent' as AgentType });
    expect(() => buildPod({ task, prompt: 'p', images: IMAGES })).to.throw(
      PodBuildError,
      /^unsupported agent type: unknown-agent$/,
    );
  });

  it('imagePullPolicy is set when configured, absent otherwise', () => {
    expect(
      main(buildPod({ task: makeTask(), prompt: 'p', images: IMAGES, imagePullPolicy: 'Always' }))
        .imagePullPolicy,
    ).to.equal('Always');
    expect(main(buildPod({ task: makeTask(), prompt: 'p', images: IMAGES }))).to.not.have.property(
      'imagePullPolicy',
    );
  });
});

describe('buildPod: Pod metadata and hardening', () => {
  const pod = buildPod({ task: makeTask(), prompt: 'p', images: IMAGES });

  it('is a Pod named after the Task with the four labels and a controller ownerReference', () => {
    expect(pod.apiVersion).to.equal('v1');
    expect(pod.kind).to.equal('Pod');
    expect(pod.metadata.name).to.equal('test-task');
    expect(pod.metadata.namespace).to.equal('default');
    expect(pod.metadata.labels).to.deep.equal({
      'app.kubernetes.io/name': 'kelos',
      'app.kubernetes.io/component': 'task',
      'app.kubernetes.io/managed-by': 'kelos-controller',
      'kelos.dev/task': 'test-task',
    });
    expect(pod.metadata.ownerReferences).to.deep.equal([
      {
        apiVersion: 'kelos.dev/v1alpha1',
        kind: 'Task',
        name: 'test-task',
        uid: 'uid-1',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  });

  it('carries the kelos.dev/task-outcome finalizer (a deleted Pod keeps its name taken while its Task lives)', () => {
    expect(pod.metadata.finalizers).to.deep.equal(['kelos.dev/task-outcome']);
  });

  it('restartPolicy Never, kelos-agent ServiceAccount without a token, FallbackToLogsOnError', () => {
    expect(pod.spec.restartPolicy).to.equal('Never');
    expect(pod.spec.serviceAccountName).to.equal('kelos-agent');
    expect(pod.spec.automountServiceAccountToken).to.equal(false);
    expect(main(pod).terminationMessagePolicy).to.equal('FallbackToLogsOnError');
  });

  it('init containers fall back to their log too (a failed clone says why on the Task)', () => {
    const withInit = buildPod({
      task: makeTask({ branch: 'b' }),
      workspace: makeWorkspace({ ref: 'main' }),
      prompt: 'p',
      images: IMAGES,
    });
    const init = withInit.spec.initContainers ?? [];
    expect(init.length).to.be.at.least(2);
    for (const c of init) expect(c.terminationMessagePolicy, c.name).to.equal('FallbackToLogsOnError');
  });

  it('without a workspace: no fsGroup, no volumes, no init containers, no workingDir', () => {
    expect(pod.spec.securityContext).to.deep.equal({
      runAsNonRoot: true,
      runAsUser: 61100,
      runAsGroup: 61100,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.spec).to.not.have.property('volumes');
    expect(pod.spec).to.not.have.property('initContainers');
    expect(main(pod)).to.not.have.property('workingDir');
  });

  it('every container drops all capabilities and cannot escalate', () => {
    const full = buildPod({
      task: makeTask({ branch: 'b' }),
      workspace: makeWorkspace({
        secretRef: { name: 'gh' },
        remotes: [{ name: 'u', url: 'https://github.com/a/b' }],
        files: [{ path: 'a', content: 'x' }],
      }),
      prompt: 'p',
      images: IMAGES,
    });
    for (const c of [...(full.spec.initContainers ?? []), ...full.spec.containers]) {
      expect(c.securityContext?.allowPrivilegeEscalation, c.name).to.equal(false);
      expect(c.securityContext?.capabilities, c.name).to.deep.equal({ drop: ['ALL'] });
      expect(c.securityContext?.runAsNonRoot, c.name).to.equal(true);
    }
    for (const c of full.spec.initContainers ?? [])
      expect(c.securityContext?.runAsUser, c.name).to.equal(61100);
  });
});

describe('buildPod: podOverrides', () => {
  it('resources replace the agent container resources', () => {
    const resources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } };
    expect(
      main(buildPod({ task: makeTask({ podOverrides: { resources } }), prompt: 'p', images: IMAGES }))
        .resources,
    ).to.deep.equal(resources);
  });
  it('activeDeadlineSeconds goes on the Pod', () => {
    expect(
      buildPod({
        task: makeTask({ podOverrides: { activeDeadlineSeconds: 3600 } }),
        prompt: 'p',
        images: IMAGES,
      }).spec.activeDeadlineSeconds,
    ).to.equal(3600);
  });
  it('env is appended after the built-ins', () => {
    const pod = buildPod({
      task: makeTask({
        podOverrides: {
          env: [
            { name: 'MY_VAR', value: 'v' },
            { name: 'OTHER', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
          ],
        },
      }),
      prompt: 'p',
      images: IMAGES,
    });
    expect(envNames(main(pod))).to.deep.equal([
      'KELOS_MODEL',
      'KELOS_AGENT_TYPE',
      'ANTHROPIC_API_KEY',
      'MY_VAR',
      'OTHER',
    ]);
  });
  it('a built-in env name wins over a user one (user KELOS_MODEL dropped)', () => {
    const pod = buildPod({
      task: makeTask({
        podOverrides: {
          env: [
            { name: 'KELOS_MODEL', value: 'evil' },
            { name: 'ANTHROPIC_API_KEY', value: 'x' },
            { name: 'OK', value: '1' },
          ],
        },
      }),
      prompt: 'p',
      images: IMAGES,
    });
    const c = main(pod);
    expect(c.env?.filter((e) => e.name === 'KELOS_MODEL')).to.deep.equal([
      { name: 'KELOS_MODEL', value: 'claude-sonnet-4-20250514' },
    ]);
    expect(envNames(c)).to.deep.equal(['KELOS_MODEL', 'KELOS_AGENT_TYPE', 'ANTHROPIC_API_KEY', 'OK']);
  });
  it('nodeSelector goes on the Pod', () => {
    expect(
      buildPod({
        task: makeTask({ podOverrides: { nodeSelector: { pool: 'agents' } } }),
        prompt: 'p',
        images: IMAGES,
      }).spec.nodeSelector,
    ).to.deep.equal({ pool: 'agents' });
  });
  it('all fields together', () => {
    const pod = buildPod({
      task: makeTask({
        podOverrides: {
          resources: { limits: { cpu: '2' } },
          activeDeadlineSeconds: 60,
          env: [{ name: 'X', value: '1' }],
          nodeSelector: { a: 'b' },
        },
      }),
      prompt: 'p',
      images: IMAGES,
    });
    expect(main(pod).resources).to.deep.equal({ limits: { cpu: '2' } });
    expect(pod.spec.activeDeadlineSeconds).to.equal(60);
    expect(env(main(pod), 'X')?.value).to.equal('1');
    expect(pod.spec.nodeSelector).to.deep.equal({ a: 'b' });
  });
  it('no podOverrides: no resources, deadline or nodeSelector', () => {
    const pod = buildPod({ task: makeTask(), prompt: 'p', images: IMAGES });
    expect(main(pod)).to.not.have.property('resources');
    expect(pod.spec).to.not.have.property('activeDeadlineSeconds');
    expect(pod.spec).to.not.have.property('nodeSelector');
  });
});

describe('buildPod: spawner label', () => {
  it('kelos.dev/taskspawner label → KELOS_TASKSPAWNER after KELOS_AGENT_TYPE', () => {
    const pod = buildPod({
      task: makeTask({}, { 'kelos.dev/taskspawner': 'my-spawner' }),
      prompt: 'p',
      images: IMAGES,
    });
    expect(envNames(main(pod))).to.deep.equal([
      'KELOS_MODEL',
      'KELOS_AGENT_TYPE',
      'KELOS_TASKSPAWNER',
      'ANTHROPIC_API_KEY',
    ]);
    expect(env(main(pod), 'KELOS_TASKSPAWNER')?.value).to.equal('my-spawner');
  });
  it('no label → no KELOS_TASKSPAWNER', () => {
    expect(
      envNames(main(buildPod({ task: makeTask({}, { other: 'x' }), prompt: 'p', images: IMAGES }))),
    ).to.not.include('KELOS_TASKSPAWNER');
  });
});

describe('buildPod: Pod Security "restricted" profile', () => {
  const variants = {
    minimal: buildPod({ task: makeTask(), prompt: 'p', images: IMAGES }),
    everything: buildPod({
      task: makeTask({ branch: 'feature', podOverrides: { activeDeadlineSeconds: 5 } }),
      workspace: makeWorkspace({
        secretRef: { name: 'gh' },
        remotes: [{ name: 'upstream', url: 'https://github.com/u/r' }],
        files: [{ path: 'CLAUDE.md', content: 'x' }],
      }),
      agentConfig: {
        apiVersion: 'kelos.dev/v1alpha1',
        kind: 'AgentConfig',
        metadata: { name: 'a' },
        spec: { agentsMD: 'x', plugins: [{ name: 'p', skills: [{ name: 's', content: 'c' }] }] },
      },
      prompt: 'p',
      images: IMAGES,
    }),
  };
  for (const [name, pod] of Object.entries(variants)) {
    it(`${name} Pod passes`, () => expect(restrictedViolations(pod)).to.deep.equal([]));
  }
  it('the checker catches a violation (it can fail)', () => {
    const bad = structuredClone(variants.minimal);
    bad.spec.containers[0]!.securityContext = { privileged: true };
    bad.spec.volumes = [{ name: 'h', hostPath: { path: '/' } }];
    expect(restrictedViolations(bad)).to.have.length.greaterThan(2);
  });
});
