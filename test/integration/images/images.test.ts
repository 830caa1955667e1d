/**
 * The local node's images, built on this machine without a registry
 * (scripts/images/build.sh; cached, so this is fast once built): each tar is
 * a docker-archive tagged with its images.json ref whose config keeps what
 * the Dockerfile says, and the programs inside run from the unpacked root
 * filesystem: pause stops on SIGTERM, the git image runs launch-pod's own
 * init-container commands, each agent image's CLI answers at the pinned
 * version. Needs Linux and root (buildah, chroot); skipped otherwise.
 */
import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AGENT_TYPES, type Workspace } from '../../../functions/core/api/types.js';
import {
  branchSetupContainer,
  cloneArgs,
  gitCloneContainer,
  REPO_DIR,
} from '../../../functions/launch-pod/git-init-containers.js';
import { workspaceFilesContainer } from '../../../functions/launch-pod/workspace-files.js';
import { pinnedAgentClis } from '../../../scripts/agent-clis/agent-clis.js';
import { buildImages, readImagesManifest, type ImagesManifest } from '../../../scripts/images/images.js';
import { eventually } from '../../support/eventually.js';
import { startGitServer } from '../../../scripts/dev/git-server.js';
import {
  readArchive,
  runInRootfs,
  runInRootfsAsync,
  unpackRootfs,
  type ImageConfig,
} from './image-archive.js';

const AGENT_BIN: Record<string, { bin: string; pkg: string; env: string[] }> = {
  'claude-code': { bin: 'claude', pkg: '@anthropic-ai/claude-code', env: ['DISABLE_AUTOUPDATER=1'] },
  codex: { bin: 'codex', pkg: '@openai/codex', env: [] },
  gemini: { bin: 'gemini', pkg: '@google/gemini-cli', env: [] },
  opencode: { bin: 'opencode', pkg: 'opencode-ai', env: ['OPENCODE_DISABLE_AUTOUPDATE=1'] },
};

const canBuild = process.platform === 'linux' && process.getuid?.() === 0;
const OCI_ARCH = process.arch === 'x64' ? 'amd64' : process.arch;

describe('images: built locally without a registry', function () {
  let dir = '';
  let manifest: ImagesManifest;
  // Unpacked trees live beside the tars (dir is this run's manifest folder, <cache>/runs/<hash>).
  const rootfsCache = (): string => join(dirname(dirname(dir)), 'rootfs');
  const entry = (name: string): { ref: string; tar: string } => {
    const e = manifest.images[name];
    if (!e) throw new Error(`images.json has no ${name}`);
    return e;
  };

  before(async function () {
    if (!canBuild) this.skip();
    // A cold build is minutes (base, then four npm installs); a cached run is under a second.
    this.timeout(60 * 60_000);
    // Progress only when something is built (a cold CI run would otherwise sit silent for minutes).
    const building = /building|built in|exported|FAILED|installing|debootstrap|adding/;
    dir = await buildImages([], {
      onProgress: (chunk) => {
        for (const line of chunk.split('\n')) if (building.test(line)) process.stderr.write(`${line}\n`);
      },
    });
    manifest = readImagesManifest(dir);
    mkdirSync(rootfsCache(), { recursive: true });
  });

  it('images.json has every image; each tar is a docker-archive tagged with its ref, one layer per diff_id', () => {
    expect(Object.keys(manifest.images).sort()).to.deep.equal(['git', 'pause', ...AGENT_TYPES].sort());
    for (const [name, e] of Object.entries(manifest.images)) {
      expect(e.ref, name).to.equal(`localhost/kelos-${name}:${e.hash}`);
      expect(statSync(e.tar).size, name).to.equal(e.bytes);
      const { manifest: m, config } = readArchive(e.tar);
      expect(m.RepoTags, name).to.deep.equal([e.ref]);
      expect(m.Layers.length, name).to.equal(config.rootfs.diff_ids.length);
      expect([config.os, config.architecture], name).to.deep.equal(['linux', OCI_ARCH]);
    }
  });

  it("agent images share the git image's debian layer and each other's node layer", () => {
    const layers = (name: string): string[] => readArchive(entry(name).tar).config.rootfs.diff_ids;
    const git = layers('git');
    const agents = AGENT_TYPES.map(layers);
    for (const a of agents) {
      expect(a[0]).to.equal(git[0]);
      expect(a.slice(0, 2)).to.deep.equal(agents[0]?.slice(0, 2));
    }
  });

  describe('pause', () => {
    it('is /pause as 65535 and exits 0 on SIGTERM', async function () {
      this.timeout(60_000);
      const { config } = readArchive(entry('pause').tar);
      expect(config.config.Entrypoint).to.deep.equal(['/pause']);
      expect(config.config.User).to.equal('65535:65535');
      const root = unpackRootfs(entry('pause').tar, rootfsCache());
      const child = spawn(join(root, 'pause'), [], { stdio: 'ignore' });
      const exited = new Promise<[number | null, string | null]>((resolve) =>
        child.on('exit', (c, s) => resolve([c, s])),
      );
      // SIGTERM's bit in the caught-signals mask: its handler is installed.
      await eventually('pause to catch SIGTERM', async () => {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const caught = BigInt(`0x${/^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1] ?? '0'}`);
        return (caught & (1n << 14n)) !== 0n;
      });
      expect(child.exitCode).to.equal(null);
      child.kill('SIGTERM');
      expect(await exited).to.deep.equal([0, null]);
    });
  });

  describe('git', () => {
    let root = '';
    let work = '';
    const env = (config: ImageConfig): string[] => [...(config.config.Env ?? []), 'HOME=/home/git'];

    before(function () {
      this.timeout(5 * 60_000);
      root = unpackRootfs(entry('git').tar, rootfsCache());
      // What the runtime gives a container: /dev/null, an emptyDir at /workspace (fsGroup-owned).
      if (!existsSync(join(root, 'dev/null')))
        execFileSync('mknod', ['-m', '666', join(root, 'dev/null'), 'c', '1', '3']);
      work = join(root, 'workspace');
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work);
      chownSync(work, 61100, 61100);
      // The remote: a bare repository with a main and a feature branch, owned by the agent UID.
      const src = join(root, 'srv/remote.git');
      rmSync(join(root, 'srv'), { recursive: true, force: true });
      mkdirSync(join(root, 'srv'));
      const seed = join(root, 'srv/seed');
      const git = (...args: string[]): void => {
        execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], {
          stdio: 'ignore',
        });
      };
      git('init', '-q', '-b', 'main', seed);
      git('-C', seed, 'commit', '-q', '--allow-empty', '-m', 'first');
      git('-C', seed, 'branch', 'feature');
      git('clone', '-q', '--bare', seed, src);
      rmSync(seed, { recursive: true, force: true });
      execFileSync('chown', ['-R', '61100:61100', join(root, 'srv')]);
      chmodSync(join(root, 'srv'), 0o755);
    });

    after(() => {
      if (root) {
        rmSync(join(root, 'workspace'), { recursive: true, force: true });
        rmSync(join(root, 'srv'), { recursive: true, force: true });
      }
    });

    it("keeps launch-pod's contract: ENTRYPOINT git, UID 61100; clone, branch setup and workspace files run in it", () => {
      const { config } = readArchive(entry('git').tar);
      expect(config.config.Entrypoint).to.deep.equal(['git']);
      expect(config.config.User).to.equal('61100');
      const workspace = { spec: { repo: 'file:///srv/remote.git', ref: 'main' } } as Workspace;
      // git-clone without a token: the image's ENTRYPOINT with launch-pod's args.
      runInRootfs(root, '61100:61100', env(config), ['git', ...cloneArgs(workspace)], '/workspace');
      expect(existsSync(join(root, 'workspace/repo/.git'))).to.equal(true);
      const branch = branchSetupContainer('feature', 'img', [], false);
      runInRootfs(
        root,
        '61100:61100',
        [...env(config), 'KELOS_BRANCH=feature'],
        [...(branch.command ?? []), ...(branch.args ?? [])],
      );
      const head = runInRootfs(root, '61100:61100', env(config), [
        'git',
        '-C',
        REPO_DIR,
        'rev-parse',
        '--abbrev-ref',
        'HEAD',
      ]);
      expect(head.trim()).to.equal('feature');
      const files = workspaceFilesContainer([{ path: 'docs/notes.md', content: 'hello\n' }], 'img');
      runInRootfs(root, '61100:61100', env(config), [...(files?.command ?? [])]);
      expect(readFileSync(join(root, 'workspace/repo/docs/notes.md'), 'utf8')).to.equal('hello\n');
    });

    it("clones with a token over HTTP and keeps a credential that survives gemini-cli's blanked helper: the push works", async function () {
      this.timeout(120_000);
      const { config } = readArchive(entry('git').tar);
      const token = 'images-test-token-5b2e';
      const server = await startGitServer({ root: mkdtempSync(join(tmpdir(), 'kelos-images-git-')), token });
      try {
        await server.createRepo('widgets', { 'README.md': '# widgets\n' });
        rmSync(join(root, 'workspace/repo'), { recursive: true, force: true });
        const workspace = { spec: { repo: server.repoUrl('widgets'), ref: 'main' } } as Workspace;
        const clone = gitCloneContainer(workspace, 'img', [], true);
        expect(JSON.stringify(clone)).to.not.include(token);
        const cloned = await runInRootfsAsync(
          root,
          '61100:61100',
          [...env(config), `GITHUB_TOKEN=${token}`],
          [...(clone.command ?? []), ...(clone.args ?? [])],
          '/workspace',
        );
        expect(cloned.code, cloned.output).to.equal(0);
        expect(cloned.output).to.not.include(token);
        // What gemini-cli 0.61 gives its shell commands: no helper, no askpass, no prompt, no global config.
        const geminiShell = [
          ...env(config),
          'GIT_CONFIG_GLOBAL=/dev/null',
          'GIT_CONFIG_NOSYSTEM=1',
          'GIT_CONFIG_COUNT=1',
          'GIT_CONFIG_KEY_0=credential.helper',
          'GIT_CONFIG_VALUE_0=',
          'GIT_ASKPASS=',
          'GIT_TERMINAL_PROMPT=0',
        ];
        const git = (...args: string[]) =>
          runInRootfsAsync(root, '61100:61100', geminiShell, ['git', '-C', REPO_DIR, ...args]);
        const commit = await git(
          '-c',
          'user.name=a',
          '-c',
          'user.email=a@example.invalid',
          'commit',
          '--allow-empty',
          '-qm',
          'x',
        );
        expect(commit.code, commit.output).to.equal(0);
        const pushed = await git('push', 'origin', 'HEAD:refs/heads/kelos/pushed');
        expect(pushed.code, pushed.output).to.equal(0);
        expect(pushed.output).to.not.include(token);
        expect(await server.branchCommit('widgets', 'kelos/pushed')).to.match(/^[0-9a-f]{40}$/);
        // The control: without the header, the same push finds no credential (the defect this fixes).
        const unset = await git('config', '--unset-all', `http.${server.url}/.extraheader`);
        expect(unset.code, unset.output).to.equal(0);
        const refused = await git('push', 'origin', 'HEAD:refs/heads/kelos/refused');
        expect(refused.code).to.not.equal(0);
        expect(refused.output).to.include('terminal prompts disabled');
        expect(await server.branchCommit('widgets', 'kelos/refused')).to.equal(undefined);
      } finally {
        await server.stop();
        rmSync(server.root, { recursive: true, force: true });
      }
    });
  });

  for (const type of AGENT_TYPES) {
    const want = AGENT_BIN[type];
    if (!want) throw new Error(`no expectations for ${type}`);
    describe(type, () => {
      it('config: UID 61100, WorkingDir /workspace, ENTRYPOINT the CLI, PATH and the image env', () => {
        const { config } = readArchive(entry(type).tar);
        expect(config.config.User).to.equal('61100');
        expect(config.config.WorkingDir).to.equal('/workspace');
        expect(config.config.Entrypoint).to.deep.equal([want.bin]);
        expect(config.config.Env).to.include.members([
          'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          ...want.env,
        ]);
      });

      it(`runs ${want.bin} at the pinned version as UID 61100, with git, gh and the kelos tools`, function () {
        this.timeout(10 * 60_000);
        const { config } = readArchive(entry(type).tar);
        const root = unpackRootfs(entry(type).tar, rootfsCache());
        const home = type === 'claude-code' ? '/home/claude' : '/home/agent';
        const env = [...(config.config.Env ?? []), `HOME=${home}`];
        const pinned = pinnedAgentClis().find((p) => p.pkg === want.pkg)?.version ?? 'unpinned';
        const out = runInRootfs(root, '61100:61100', env, [want.bin, '--version'], '/workspace');
        expect(out).to.include(pinned);
        expect(runInRootfs(root, '61100:61100', env, ['git', '--version'])).to.match(/^git version /);
        expect(runInRootfs(root, '61100:61100', env, ['gh', '--version'])).to.match(/^gh version /);
        expect(runInRootfs(root, '61100:61100', env, ['node', '--version'])).to.match(/^v20\./);
        for (const tool of ['/kelos_entrypoint.sh', '/kelos/kelos-capture', '/kelos/kelos-agent-setup']) {
          expect(statSync(join(root, tool)).mode & 0o777, tool).to.equal(0o755);
        }
        expect(statSync(join(root, 'workspace')).uid).to.equal(61100);
      });
    });
  }
});
