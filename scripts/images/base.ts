/**
 * The local bases the Dockerfile images start from, two layers:
 * - debian: `debootstrap --variant=minbase bookworm` from the mirror apt
 *   already uses, with the host's CA bundle (RUN steps reach the registries
 *   through a proxy the host trusts) and apt/dpkg set up like Debian's slim
 *   images (no docs, no package caches); the git image's BASE;
 * - node: debian plus the machine's Node 20 in /usr/local like the official
 *   node image, tagged with the agent Dockerfiles' FROM names.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Buildah } from './buildah.js';
import { RECIPE_VERSION } from './catalog.js';
import { debianMirror } from './debian-mirror.js';
import { inputHash, sha256 } from './input-hash.js';
import { run } from './run.js';

export const SUITE = 'bookworm';
export const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Slim-image settings: apt keeps no package caches or downloaded .debs, dpkg installs no docs. */
const APT_CONF = `// Written by scripts/images (base.ts): keep image layers free of apt's caches.
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
Acquire::Languages "none";
APT::AutoRemove::SuggestsImportant "false";
`;
const DPKG_EXCLUDES = [
  '/usr/share/doc/*',
  '/usr/share/man/*',
  '/usr/share/info/*',
  '/usr/share/locale/*',
  '/usr/share/lintian/*',
];
const DPKG_CONF = `# Written by scripts/images (base.ts): no documentation in image layers (copyright files kept).
${DPKG_EXCLUDES.map((p) => `path-exclude ${p}`).join('\n')}
path-include /usr/share/doc/*/copyright
`;

export interface BaseImage {
  hash: string;
  ref: string;
}

export interface BasePlan {
  debian: BaseImage;
  node: BaseImage;
  mirror: string;
  nodeVersion: string;
  nodeBinary: string;
  npmDir: string;
}

function aptSources(): string[] {
  const texts: string[] = [];
  if (existsSync('/etc/apt/sources.list')) texts.push(readFileSync('/etc/apt/sources.list', 'utf8'));
  const dir = '/etc/apt/sources.list.d';
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith('.list') || f.endsWith('.sources')) texts.push(readFileSync(join(dir, f), 'utf8'));
    }
  }
  return texts;
}

/** What the bases are made of and their hashes; reads only small host files (fast, no root). */
export function planBase(): BasePlan {
  const mirror = debianMirror(aptSources(), SUITE);
  if (!mirror)
    throw new Error(
      `no Debian mirror for ${SUITE} main in /etc/apt/sources.list{,.d}: debootstrap needs one`,
    );
  const nodeVersion = process.version;
  if (!nodeVersion.startsWith('v20.')) {
    throw new Error(
      `the base carries the machine's Node for FROM node:20...; this machine runs Node ${nodeVersion}, not 20`,
    );
  }
  const nodeBinary = process.execPath;
  const npmDir = join(dirname(dirname(nodeBinary)), 'lib', 'node_modules', 'npm');
  if (!existsSync(join(npmDir, 'package.json')))
    throw new Error(`npm not found beside ${nodeBinary} (looked in ${npmDir})`);
  if (!existsSync(HOST_CA_BUNDLE)) throw new Error(`the host has no CA bundle at ${HOST_CA_BUNDLE}`);
  const npmVersion =
    (JSON.parse(readFileSync(join(npmDir, 'package.json'), 'utf8')) as { version?: string }).version ?? '';
  const debianHash = inputHash({
    recipe: `${RECIPE_VERSION}/debian`,
    base: '',
    buildArgs: {},
    files: { [`host:${HOST_CA_BUNDLE}`]: sha256(readFileSync(HOST_CA_BUNDLE)) },
    extra: { suite: SUITE, variant: 'minbase', mirror, arch: process.arch, apt: APT_CONF, dpkg: DPKG_CONF },
  });
  const nodeHash = inputHash({
    recipe: `${RECIPE_VERSION}/node`,
    base: debianHash,
    buildArgs: {},
    files: {},
    extra: { node: nodeVersion, npm: npmVersion },
  });
  return {
    debian: { hash: debianHash, ref: `localhost/kelos-debian:${debianHash}` },
    node: { hash: nodeHash, ref: `localhost/kelos-node:${nodeHash}` },
    mirror,
    nodeVersion,
    nodeBinary,
    npmDir,
  };
}

function emptyDir(path: string, keep: readonly string[] = []): void {
  if (!existsSync(path)) return;
  for (const entry of readdirSync(path)) {
    if (!keep.includes(entry)) rmSync(join(path, entry), { recursive: true, force: true });
  }
}

async function makeDebian(
  root: string,
  plan: BasePlan,
  log: string,
  say: (line: string) => void,
): Promise<void> {
  say(`base: debootstrap --variant=minbase ${SUITE} from ${plan.mirror}`);
  await run('debootstrap', ['--variant=minbase', '--include=ca-certificates', SUITE, root, plan.mirror], {
    log,
  });
  say('base: adding the host CA bundle, slim apt/dpkg settings');
  mkdirSync(join(root, 'usr/local/share/ca-certificates'), { recursive: true });
  cpSync(HOST_CA_BUNDLE, join(root, 'usr/local/share/ca-certificates/kelos-host-ca-bundle.crt'));
  await run('chroot', [root, 'update-ca-certificates'], { log });
  writeFileSync(join(root, 'etc/apt/apt.conf.d/90kelos-image'), APT_CONF);
  writeFileSync(join(root, 'etc/dpkg/dpkg.cfg.d/90kelos-image'), DPKG_CONF);
  // What debootstrap installed before the excludes existed.
  for (const dir of ['usr/share/man', 'usr/share/info', 'usr/share/locale', 'usr/share/lintian'])
    emptyDir(join(root, dir));
  const docs = join(root, 'usr/share/doc');
  if (existsSync(docs)) {
    for (const pkg of readdirSync(docs)) emptyDir(join(docs, pkg), ['copyright']);
  }
  emptyDir(join(root, 'var/lib/apt/lists'), ['partial']);
  emptyDir(join(root, 'var/cache/apt'), ['archives']);
  emptyDir(join(root, 'var/cache/apt/archives'), ['partial']);
  // The runtime mounts its own /dev; device nodes made by debootstrap do not belong in a layer.
  emptyDir(join(root, 'dev'));
  emptyDir(join(root, 'tmp'));
  emptyDir(join(root, 'var/log'));
}

function addNode(root: string, plan: BasePlan): void {
  const lib = join(root, 'usr/local/lib/node_modules');
  mkdirSync(lib, { recursive: true });
  mkdirSync(join(root, 'usr/local/etc'), { recursive: true });
  cpSync(plan.nodeBinary, join(root, 'usr/local/bin/node'));
  cpSync(plan.npmDir, join(lib, 'npm'), { recursive: true, verbatimSymlinks: true });
  symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(root, 'usr/local/bin/npm'));
  symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(root, 'usr/local/bin/npx'));
  const corepack = join(dirname(plan.npmDir), 'corepack');
  if (existsSync(corepack)) {
    cpSync(corepack, join(lib, 'corepack'), { recursive: true, verbatimSymlinks: true });
    symlinkSync('../lib/node_modules/corepack/dist/corepack.js', join(root, 'usr/local/bin/corepack'));
  }
  // npm keeps its own CA list; its global config (prefix /usr/local) points it at the system bundle.
  writeFileSync(join(root, 'usr/local/etc/npmrc'), `cafile=${HOST_CA_BUNDLE}\n`);
}

/** Mount points below `root` (deepest first), from /proc/self/mountinfo; pure. */
export function mountsUnder(mountinfo: string, root: string): string[] {
  const points = mountinfo
    .split('\n')
    .map((line) => (line.split(' ')[4] ?? '').replace(/\\040/g, ' '))
    .filter((p) => p.startsWith(`${root}/`));
  return points.sort((a, b) => b.length - a.length);
}

function unmountUnder(root: string): void {
  for (const point of mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), root)) {
    spawnSync('umount', ['-l', point], { stdio: 'ignore' });
  }
}

async function commitFrom(
  buildah: Buildah,
  from: string,
  ref: string,
  env: string[],
  fill: (root: string) => Promise<void>,
): Promise<void> {
  const container =
    from === 'scratch' ? await buildah.fromScratch() : await buildah.cmd(['from', '--pull=never', from]);
  let root = '';
  try {
    root = await buildah.mount(container);
    await fill(root);
    await buildah.cmd(['config', ...env.flatMap((e) => ['--env', e]), container]);
    await buildah.commit(container, ref);
  } finally {
    // A debootstrap that failed or was interrupted can leave /proc or /sys mounted in the tree.
    if (root) unmountUnder(root);
    await buildah.removeContainer(container);
  }
}

/** Builds the bases the store lacks; tags the node base with `fromNames` either way. */
export async function ensureBase(
  buildah: Buildah,
  plan: BasePlan,
  fromNames: readonly string[],
  log: string,
  say: (line: string) => void,
): Promise<'cached' | 'built'> {
  let result: 'cached' | 'built' = 'cached';
  if (!(await buildah.hasImage(plan.debian.ref))) {
    result = 'built';
    await commitFrom(buildah, 'scratch', plan.debian.ref, [PATH_ENV], (root) =>
      makeDebian(root, plan, log, say),
    );
  }
  if (!(await buildah.hasImage(plan.node.ref))) {
    result = 'built';
    say(`base: adding Node ${plan.nodeVersion}`);
    await commitFrom(
      buildah,
      plan.debian.ref,
      plan.node.ref,
      [`NODE_VERSION=${plan.nodeVersion.slice(1)}`],
      async (root) => {
        addNode(root, plan);
        const version = await run('chroot', [root, '/usr/local/bin/node', '--version'], { log });
        if (version !== plan.nodeVersion)
          throw new Error(`node in the base says ${version}, expected ${plan.nodeVersion}`);
      },
    );
  }
  if (fromNames.length > 0) await buildah.tag(plan.node.ref, ...fromNames);
  // Earlier bases only take space now (vfs keeps full copies).
  for (const name of await buildah.imageNames()) {
    const old =
      /^localhost\/kelos-(base|debian|node):/.test(name) &&
      name !== plan.debian.ref &&
      name !== plan.node.ref;
    if (old) await buildah.removeImage(name);
  }
  return result;
}
