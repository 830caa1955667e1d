/**
 * Reads a docker-archive tar the way an importer does (manifest.json, the
 * config it names, the layers in order) and unpacks its root filesystem,
 * whiteouts applied, so tests can run the image's programs with chroot.
 * Unpacked trees are kept per tar hash under <images>/rootfs/ (tests stay
 * fast once they exist); a tree is used only when its .complete marker is.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface ArchiveManifest {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

export interface ImageConfig {
  architecture: string;
  os: string;
  rootfs: { type: string; diff_ids: string[] };
  config: {
    User?: string;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
  };
}

function tarRead(tar: string, member: string): Buffer {
  return execFileSync('tar', ['-xOf', tar, member], { maxBuffer: 64 * 1024 * 1024 });
}

export function readArchive(tar: string): { manifest: ArchiveManifest; config: ImageConfig } {
  const entries = JSON.parse(tarRead(tar, 'manifest.json').toString()) as ArchiveManifest[];
  if (entries.length !== 1 || !entries[0])
    throw new Error(`${tar}: manifest.json has ${entries.length} images, expected 1`);
  const manifest = entries[0];
  const config = JSON.parse(tarRead(tar, manifest.Config).toString()) as ImageConfig;
  return { manifest, config };
}

/** Removes what a layer's whiteouts hide in the layers below it. */
function applyWhiteouts(root: string, members: readonly string[]): void {
  for (const m of members) {
    const name = basename(m);
    if (!name.startsWith('.wh.')) continue;
    const dir = join(root, dirname(m));
    if (name === '.wh..wh..opq') {
      if (existsSync(dir))
        for (const e of readdirSync(dir)) rmSync(join(dir, e), { recursive: true, force: true });
    } else rmSync(join(dir, name.slice('.wh.'.length)), { recursive: true, force: true });
  }
}

/** The image's root filesystem, unpacked once per tar into `cacheDir` (root needed: owners, devices). */
export function unpackRootfs(tar: string, cacheDir: string): string {
  const root = join(cacheDir, basename(tar, '.tar'));
  if (existsSync(join(root, '.complete'))) return root;
  const partial = `${root}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const { manifest } = readArchive(tar);
  for (const layer of manifest.Layers) {
    const members = execFileSync('sh', ['-c', 'tar -xOf "$1" "$2" | tar -t', 'sh', tar, layer], {
      maxBuffer: 256 * 1024 * 1024,
    })
      .toString()
      .split('\n');
    applyWhiteouts(partial, members);
    execFileSync('sh', [
      '-c',
      'tar -xOf "$1" "$2" | tar -x --numeric-owner --exclude=".wh.*" -C "$3"',
      'sh',
      tar,
      layer,
      partial,
    ]);
  }
  writeFileSync(join(partial, '.complete'), '');
  rmSync(root, { recursive: true, force: true });
  renameSync(partial, root);
  // Trees of older builds of the same image only take space.
  const prefix = basename(tar, '.tar').replace(/-[0-9a-f]+$/, '-');
  for (const e of readdirSync(cacheDir)) {
    if (
      e.startsWith(prefix) &&
      /^[0-9a-f]+(\.partial)?$/.test(e.slice(prefix.length)) &&
      join(cacheDir, e) !== root
    ) {
      rmSync(join(cacheDir, e), { recursive: true, force: true });
    }
  }
  return root;
}

/** The `unshare` argv that runs `argv` in `root` as `user` with exactly `env` (see runInRootfs). */
function rootfsArgv(
  root: string,
  user: string,
  env: readonly string[],
  argv: readonly string[],
  cwd: string,
): string[] {
  const script = [
    'root="$1"; user="$2"; cwd="$3"; shift 3',
    'mount -t proc proc "$root/proc"',
    'mount --rbind /dev "$root/dev"',
    'exec chroot --userspec="$user" "$root" /usr/bin/env -i "$@"',
  ].join(' && ');
  const inner = ['sh', '-c', 'cd "$1" && shift && exec "$@"', 'sh', cwd, ...argv];
  return [
    '--mount',
    '--pid',
    '--fork',
    '--propagation',
    'private',
    'sh',
    '-c',
    script,
    'sh',
    root,
    user,
    cwd,
    ...env,
    ...inner,
  ];
}

/**
 * Runs `argv` in `root` as `user` (uid:gid) with exactly `env`, roughly as a
 * container would: its own mount and PID namespaces with /proc and /dev
 * mounted (some CLIs need them; they vanish with the namespace), then chroot.
 */
export function runInRootfs(
  root: string,
  user: string,
  env: readonly string[],
  argv: readonly string[],
  cwd = '/',
): string {
  const r = spawnSync('unshare', rootfsArgv(root, user, env, argv, cwd), {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(
      `${argv.join(' ')} in ${basename(root)} as ${user} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}${r.stdout}`,
    );
  }
  return r.stdout;
}

/**
 * runInRootfs without blocking the event loop (for a program that talks to a
 * server in this process, e.g. the local git server): resolves with the exit
 * code and the output, never rejects on a non-zero exit.
 */
export function runInRootfsAsync(
  root: string,
  user: string,
  env: readonly string[],
  argv: readonly string[],
  cwd = '/',
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', rootfsArgv(root, user, env, argv, cwd), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
