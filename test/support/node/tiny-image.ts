/**
 * A tiny test image made here without a registry: tiny.c built with
 * gcc -static, in a docker-archive tar (one layer, /tiny as entrypoint), as
 * scripts/node/ imports them. Cached in the OS temp folder by source hash.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ImageArchive } from '../../../scripts/node/local-images.js';

const run = promisify(execFile);
const SOURCE = fileURLToPath(new URL('./tiny.c', import.meta.url));
const TAR_FLAGS = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0'];

export async function tinyImage(): Promise<ImageArchive> {
  const source = await readFile(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const ref = `localhost/kelos-test-tiny:${hash}`;
  const tar = join(tmpdir(), `kelos-test-tiny-${hash}.tar`);
  if (existsSync(tar)) return { ref, tar };
  const work = await mkdtemp(join(tmpdir(), 'kelos-tiny-'));
  try {
    await mkdir(join(work, 'rootfs'));
    await mkdir(join(work, 'image'));
    await run('gcc', ['-static', '-Os', '-o', join(work, 'rootfs', 'tiny'), SOURCE]);
    await run('tar', [
      ...TAR_FLAGS,
      '-C',
      join(work, 'rootfs'),
      '-cf',
      join(work, 'image', 'layer.tar'),
      'tiny',
    ]);
    const layer = await readFile(join(work, 'image', 'layer.tar'));
    const config = JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Entrypoint: ['/tiny'] },
      rootfs: { type: 'layers', diff_ids: [`sha256:${createHash('sha256').update(layer).digest('hex')}`] },
    });
    const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
    await writeFile(join(work, 'image', configName), config);
    await writeFile(
      join(work, 'image', 'manifest.json'),
      JSON.stringify([{ Config: configName, RepoTags: [ref], Layers: ['layer.tar'] }]),
    );
    await run('tar', [...TAR_FLAGS, '-C', join(work, 'image'), '-cf', `${tar}.partial`, '.']);
    await rename(`${tar}.partial`, tar);
    return { ref, tar };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
