/**
 * Builds one image into buildah's store and exports it as a docker-archive
 * tar (written beside, then renamed, so a tar that exists is complete).
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Buildah } from './buildah.js';
import type { DockerfileImage, PauseImage } from './catalog.js';
import { run } from './run.js';

export async function buildPause(
  buildah: Buildah,
  def: PauseImage,
  ref: string,
  repoRoot: string,
  log: string,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kelos-pause-'));
  try {
    const binary = join(dir, 'pause');
    await run(
      'gcc',
      ['-static', '-O2', '-Wall', '-Wextra', '-Werror', '-o', binary, join(repoRoot, def.source)],
      { log },
    );
    await run('strip', [binary], { log }).catch(() => undefined);
    const container = await buildah.fromScratch();
    try {
      await buildah.cmd(['copy', '--chmod', '0755', container, binary, '/pause']);
      // Like the upstream pause image: a non-root user, so runAsNonRoot sandboxes start.
      await buildah.cmd(['config', '--entrypoint', '["/pause"]', '--user', '65535:65535', container]);
      await buildah.commit(container, ref);
    } finally {
      await buildah.removeContainer(container);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function buildDockerfile(
  buildah: Buildah,
  def: DockerfileImage,
  ref: string,
  baseRef: string,
  repoRoot: string,
): Promise<void> {
  const args = { ...def.buildArgs, ...(def.baseArg ? { BASE: baseRef } : {}) };
  await buildah.cmd(
    [
      'bud',
      '--format',
      'docker',
      '--isolation',
      'chroot',
      '--pull=never',
      '--layers=false',
      '-f',
      def.dockerfile,
      '-t',
      ref,
      ...Object.entries(args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
      '.',
    ],
    repoRoot,
  );
}

export async function exportImage(buildah: Buildah, ref: string, tar: string): Promise<void> {
  const partial = `${tar}.partial`;
  rmSync(partial, { force: true });
  await buildah.push(ref, partial);
  renameSync(partial, tar);
}
