import { expect } from 'chai';
import { buildPod } from '../../../functions/launch-pod/build-pod.js';
import { PodBuildError } from '../../../functions/launch-pod/build-error.js';
import { CREDENTIAL_HELPER } from '../../../functions/launch-pod/git-init-containers.js';
import { env, envNames, IMAGES, init, main, makeTask, makeWorkspace, secretRef } from './fixtures.js';

const REPO = 'https://github.com/example/repo.git';

describe('buildPod: workspace clone', () => {
  it('with ref: clone --branch, volume, mount, workingDir, fsGroup', () => {
    const pod = buildPod({
      task: makeTask(),
      workspace: makeWorkspace({ ref: 'main' }),
      prompt: 'p',
      images: IMAGES,
    });
    const clone = init(pod, 'git-clone')!;
    expect(clone.image).to.equal('alpine/git:v2.47.2');
    expect(clone).to.not.have.property('command');
    expect(clone.args).to.deep.equal([
      'clone',
      '--branch',
      'main',
      '--no-single-branch',
      '--depth',
      '1',
      '--',
      REPO,
      '/workspace/repo',
    ]);
    expect(clone.securityContext?.runAsUser).to.equal(61100);
    expect(clone.volumeMounts).to.deep.equal([{ name: 'workspace', mountPath: '/workspace' }]);
    expect(pod.spec.volumes).to.deep.equal([{ name: 'workspace', emptyDir: {} }]);
    expect(pod.spec.securityContext?.fsGroup).to.equal(61100);
    expect(main(pod).workingDir).to.equal('/workspace/repo');
    expect(main(pod).volumeMounts).to.deep.equal([{ name: 'workspace', mountPath: '/workspace' }]);
  });

  it('without ref: no --branch, no KELOS_BASE_BRANCH', () => {
    const pod = buildPod({ task: makeTask(), workspace: makeWorkspace(), prompt: 'p', images: IMAGES });
    expect(init(pod, 'git-clone')!.args).to.deep.equal([
      'clone',
      '--no-single-branch',
      '--depth',
      '1',
      '--',
      REPO,
      '/workspace/repo',
    ]);
    expect(envNames(main(pod))).to.not.include('KELOS_BASE_BRANCH');
    expect(pod.spec.securityContext?.fsGroup).to.equal(61100);
  });

  it('KELOS_BASE_BRANCH absent without a workspace', () => {
    expect(envNames(main(buildPod({ task: makeTask(), prompt: 'p', images: IMAGES })))).to.not.include(
      'KELOS_BASE_BRANCH',
    );
  });

  it('custom image with workspace', () => {
    const pod = buildPod({
      task: makeTask({ image: 'custom/agent:1' }),
      workspace: makeWorkspace({ ref: 'main' }),
      prompt: 'p',
      images: IMAGES,
    });
    expect(main(pod).image).to.equal('custom/agent:1');
    expect(main(pod).workingDir).to.equal('/workspace/repo');
    expect(init(pod, 'git-clone')!.securityContext?.runAsUser).to.equal(61100);
  });

  it('secretRef: sh -c with the credential helper, persisted into the clone; token env on git-clone', () => {
    const pod = buildPod({
      task: makeTask(),
      workspace: makeWorkspace({ ref: 'main', secretRef: { name: 'gh-token' } }),
      prompt: 'p',
      images: IMAGES,
    });
    const clone = init(pod, 'git-clone')!;
    expect(clone.command?.slice(0, 2)).to.deep.equal(['sh', '-c']);
    const script = clone.command![2]!;
    expect(script).to.include(`git -c credential.helper='${CREDENTIAL_HELPER}' "$@"`);
    expect(script).to.include(`git -C /workspace/repo config credential.helper '${CREDENTIAL_HELPER}'`);
    expect(script).to.not.match(/ghp_|gh-token/);
    expect(clone.args).to.deep.equal([
      '--',
      'clone',
      '--branch',
      'main',
      '--no-single-branch',
      '--depth',
      '1',
      '--',
      REPO,
      '/workspace/repo',
    ]);
    expect(envNames(clone)).to.deep.equal(['GITHUB_TOKEN', 'GH_TOKEN']);
    expect(secretRef(clone, 'GITHUB_TOKEN')).to.deep.equal({ name: 'gh-token', key: 'GITHUB_TOKEN' });
    expect(secretRef(clone, 'GH_TOKEN')).to.deep.equal({ name: 'gh-token', key: 'GITHUB_TOKEN' });
    expect(envNames(main(pod))).to.deep.equal([
      'KELOS_MODEL',
      'KELOS_AGENT_TYPE',
      'ANTHROPIC_API_KEY',
      'KELOS_BASE_BRANCH',
      'GITHUB_TOKEN',
      'GH_TOKEN',
    ]);
  });

  it('github.com workspace uses GH_TOKEN and no GH_HOST', () => {
    const pod = buildPod({
      task: makeTask(),
      workspace: makeWorkspace({ secretRef: { name: 's' } }),
      prompt: 'p',
      images: IMAGES,
    });
    expect(envNames(main(pod)))
      .to.include('GH_TOKEN')
      .and.not.include('GH_HOST')
      .and.not.include('GH_ENTERPRISE_TOKEN');
  });

  it('Enterprise workspace sets GH_HOST and GH_ENTERPRISE_TOKEN on main and git-clone', () => {
    const ws = makeWorkspace({
      repo: 'https://github.example.com/org/repo.git',
      ref: 'main',
      secretRef: { name: 's' },
    });
    const pod = buildPod({ task: makeTask({ branch: 'b' }), workspace: ws, prompt: 'p', images: IMAGES });
    expect(envNames(main(pod))).to.deep.equal([
      'KELOS_MODEL',
      'KELOS_BRANCH',
      'KELOS_AGENT_TYPE',
      'ANTHROPIC_API_KEY',
      'GH_HOST',
      'KELOS_BASE_BRANCH',
      'GITHUB_TOKEN',
      'GH_ENTERPRISE_TOKEN',
    ]);
    expect(env(main(pod), 'GH_HOST')?.value).to.equal('github.example.com');
    for (const name of ['git-clone', 'branch-setup']) {
      expect(env(init(pod, name), 'GH_HOST')?.value, name).to.equal('github.example.com');
      expect(envNames(init(pod, name)), name)
        .to.include('GH_ENTERPRISE_TOKEN')
        .and.not.include('GH_TOKEN');
    }
  });

  it('Enterprise workspace without a secret still sets GH_HOST', () => {
    const pod = buildPod({
      task: makeTask(),
      workspace: makeWorkspace({ repo: 'git@ghe.corp:o/r.git' }),
      prompt: 'p',
      images: IMAGES,
    });
    expect(env(main(pod), 'GH_HOST')?.value).to.equal('ghe.corp');
    expect(env(init(pod, 'git-clone'), 'GH_HOST')?.value).to.equal('ghe.corp');
  });

  it('GitHub App: generated <task>-github-token Secret replaces the App secret', () => {
    const pod = buildPod({
      task: makeTask(),
      workspace: makeWorkspace({ secretRef: { name: 'app-secret' } }),
      prompt: 'p',
      images: IMAGES,
      githubTokenSecret: 'test-task-github-token',
    });
    for (const c of [main(pod), init(pod, 'git-clone')]) {
      expect(secretRef(c, 'GITHUB_TOKEN')?.name).to.equal('test-task-github-token');
      expect(secretRef(c, 'GH_TOKEN')?.name).to.equal('test-task-github-token');
    }
  });
});

describe('buildPod: workspace files', () => {
  it('workspace-files init container writes base64 content under /workspace/repo', () => {
    const ws = makeWorkspace({
      files: [
        { path: 'AGENTS.md', content: '# Rules\n' },
        { path: './.claude/skills/x/SKILL.md', content: "it's" },
      ],
    });
    const pod = buildPod({ task: makeTask(), workspace: ws, prompt: 'p', images: IMAGES });
    const c = init(pod, 'workspace-files')!;
    expect(c.command?.slice(0, 2)).to.deep.equal(['sh', '-c']);
    const script = c.command![2]!;
    expect(script.startsWith('set -eu\n')).to.equal(true);
    expect(script).to.include(`target='/workspace/repo/AGENTS.md'`);
    expect(script).to.include(`target='/workspace/repo/.claude/skills/x/SKILL.md'`);
    expect(script).to.include(`mkdir -p "$(dirname "$target")"`);
    expect(script).to.include(
      `printf '%s' '${Buffer.from('# Rules\n').toString('base64')}' | base64 -d > "$target"`,
    );
    expect(script).to.include(Buffer.from("it's").toString('base64'));
    expect(c.volumeMounts).to.deep.equal([{ name: 'workspace', mountPath: '/workspace' }]);
  });

  const bad: [string, string][] = [
    ['', 'path is empty'],
    ['   ', 'path is empty'],
    ['dir\\file', 'path must use forward slashes'],
    ['.', 'path resolves to current directory'],
    ['a/..', 'path resolves to current directory'],
    ['/etc/passwd', 'absolute paths are not allowed'],
    ['..', 'path escapes repository root'],
    ['../AGENTS.md', 'path escapes repository root'],
    ['a/../../b', 'path escapes repository root'],
  ];
  for (const [path, reason] of bad) {
    it(`rejects ${JSON.stringify(path)}: ${reason}`, () => {
      const ws = makeWorkspace({ files: [{ path, content: 'x' }] });
      expect(() => buildPod({ task: makeTask(), workspace: ws, prompt: 'p', images: IMAGES })).to.throw(
        PodBuildError,
        `invalid workspace file path ${JSON.stringify(path)}: ${reason}`,
      );
    });
  }
});

describe('buildPod: remotes and upstream', () => {
  it('one remote → remote-setup after git-clone', () => {
    const ws = makeWorkspace({ remotes: [{ name: 'private', url: 'https://github.com/user/repo.git' }] });
    const pod = buildPod({ task: makeTask(), workspace: ws, prompt: 'p', images: IMAGES });
    expect(pod.spec.initContainers!.map((c) => c.name)).to.deep.equal(['git-clone', 'remote-setup']);
    const c = init(pod, 'remote-setup')!;
    expect(c.command).to.deep.equal([
      'sh',
      '-c',
      `cd /workspace/repo && git remote add 'private' 'https://github.com/user/repo.git'`,
    ]);
    expect(c).to.not.have.property('env');
  });
  it('multiple remotes chained with &&', () => {
    const ws = makeWorkspace({
      remotes: [
        { name: 'private', url: 'https://github.com/user/repo.git' },
        { name: 'downstream', url: 'git@github.com:d/r.git' },
      ],
    });
    const script = init(
      buildPod({ task: makeTask(), workspace: ws, prompt: 'p', images: IMAGES }),
      'remote-setup',
    )!.command![2]!;
    expect(script).to.equal(
      `cd /workspace/repo && git remote add 'private' 'https://github.com/user/repo.git' && git remote add 'downstream' 'git@github.com:d/r.git'`,
    );
  });
  it('no remotes → no remote-setup', () => {
    expect(
      init(
        buildPod({ task: makeTask(), workspace: makeWorkspace(), prompt: 'p', images: IMAGES }),
        'remote-setup',
      ),
    ).to.equal(undefined);
  });
  it('order with a branch: git-clone, remote-setup, branch-setup', () => {
    const ws = makeWorkspace({ remotes: [{ name: 'r', url: 'https://github.com/a/b' }] });
    const pod = buildPod({ task: makeTask({ branch: 'b' }), workspace: ws, prompt: 'p', images: IMAGES });
    expect(pod.spec.initContainers!.map((c) => c.name)).to.deep.equal([
      'git-clone',
      'remote-setup',
      'branch-setup',
    ]);
  });
  it('quotes shell metacharacters', () => {
    const ws = makeWorkspace({ remotes: [{ name: "it's", url: 'https://x/$(rm -rf /);`id`' }] });
    const script = init(
      buildPod({ task: makeTask(), workspace: ws, prompt: 'p', images: IMAGES }),
      'remote-setup',
    )!.command![2]!;
    expect(script).to.equal(`cd /workspace/repo && git remote add 'it'"'"'s' 'https://x/$(rm -rf /);\`id\`'`);
  });
  it('an upstream remote injects KELOS_UPSTREAM_REPO after KELOS_BASE_BRANCH', () => {
    const ws = makeWorkspace({
      ref: 'main',
      secretRef: { name: 's' },
      remotes: [{ name: 'upstream', url: 'https://github.com/upstream-org/repo.git' }],
    });
    const c = main(buildPod({ task: makeTask(), workspace: ws, prompt: 'p', images: IMAGES }));
    expect(env(c, 'KELOS_UPSTREAM_REPO')?.value).to.equal('upstream-org/repo');
    expect(envNames(c)).to.deep.equal([
      'KELOS_MODEL',
      'KELOS_AGENT_TYPE',
      'ANTHROPIC_API_KEY',
      'KELOS_BASE_BRANCH',
      'KELOS_UPSTREAM_REPO',
      'GITHUB_TOKEN',
      'GH_TOKEN',
    ]);
  });
  it('a non-upstream remote injects nothing', () => {
    const ws = makeWorkspace({ remotes: [{ name: 'fork', url: 'https://github.com/a/b' }] });
    expect(
      envNames(main(buildPod({ task: makeTask(), workspace: ws, prompt: 'p', images: IMAGES }))),
    ).to.not.include('KELOS_UPSTREAM_REPO');
  });
  it('an invalid upstream URL injects nothing', () => {
    const ws = makeWorkspace({ remotes: [{ name: 'upstream', url: 'not-a-valid-url' }] });
    expect(
      envNames(main(buildPod({ task: makeTask(), workspace: ws, prompt: 'p', images: IMAGES }))),
    ).to.not.include('KELOS_UPSTREAM_REPO');
  });
});

describe('buildPod: branch', () => {
  it('branch-setup init container: script and env', () => {
    const pod = buildPod({
      task: makeTask({ branch: 'feature-1' }),
      workspace: makeWorkspace({ ref: 'main' }),
      prompt: 'p',
      images: IMAGES,
    });
    const c = init(pod, 'branch-setup')!;
    const script = c.command![2]!;
    expect(c.command!.slice(0, 2)).to.deep.equal(['sh', '-c']);
    expect(script).to.include('cd /workspace/repo');
    expect(script).to.include(`git fetch origin "$KELOS_BRANCH":"$KELOS_BRANCH" 2>/dev/null;`);
    expect(script).to.include(`git checkout "$KELOS_BRANCH"`);
    expect(script).to.include(`git checkout -b "$KELOS_BRANCH"`);
    expect(c.env).to.deep.equal([{ name: 'KELOS_BRANCH', value: 'feature-1' }]);
    expect(c.securityContext?.runAsUser).to.equal(61100);
    expect(env(main(pod), 'KELOS_BRANCH')?.value).to.equal('feature-1');
  });
  it('with secretRef the fetch uses the credential helper and token env', () => {
    const pod = buildPod({
      task: makeTask({ branch: 'b' }),
      workspace: makeWorkspace({ secretRef: { name: 's' } }),
      prompt: 'p',
      images: IMAGES,
    });
    const c = init(pod, 'branch-setup')!;
    expect(c.command![2]).to.include(`git -c credential.helper='${CREDENTIAL_HELPER}' fetch origin`);
    expect(envNames(c)).to.deep.equal(['GITHUB_TOKEN', 'GH_TOKEN', 'KELOS_BRANCH']);
  });
  it('branch without a workspace: only KELOS_BRANCH, no init container', () => {
    const pod = buildPod({ task: makeTask({ branch: 'b' }), prompt: 'p', images: IMAGES });
    expect(pod.spec).to.not.have.property('initContainers');
    expect(envNames(main(pod))).to.deep.equal([
      'KELOS_MODEL',
      'KELOS_BRANCH',
      'KELOS_AGENT_TYPE',
      'ANTHROPIC_API_KEY',
    ]);
  });
  it('KELOS_BRANCH does not leak into the git-clone env', () => {
    const pod = buildPod({
      task: makeTask({ branch: 'b' }),
      workspace: makeWorkspace({ secretRef: { name: 's' } }),
      prompt: 'p',
      images: IMAGES,
    });
    expect(envNames(init(pod, 'git-clone'))).to.deep.equal(['GITHUB_TOKEN', 'GH_TOKEN']);
  });
});
