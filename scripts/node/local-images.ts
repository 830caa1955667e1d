/**
 * The images the local node runs, without a registry: built by
 * scripts/images/build.sh (the images engineer's; its README states the
 * interface: last stdout line = cache folder, images.json there), or, where
 * that script is not in this tree, only the pause image from ./pause.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const IMAGES_SCRIPT = join(ROOT, 'scripts', 'images', 'build.sh');
const PAUSE_SCRIPT = join(ROOT, 'scripts', 'node', 'pause', 'build.sh');

export interface ImageArchive {
  ref: string;
  tar: string;
}

export interface LocalImages {
  pause: ImageArchive;
  /** Every other image to import (git, agents). */
  others: ImageArchive[];
  /** For launch-pod: KELOS_GIT_IMAGE, KELOS_<TYPE>_IMAGE, KELOS_IMAGE_PULL_POLICY=Never. */
  env: Record<string, string>;
}

interface ImagesManifest {
  schema: number;
  images: Record<string, { ref: string; tar: string; env: string | null }>;
}

function lastLine(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((res, rej) => {
    const child = spawn('bash', [script, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', rej);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line) res(line);
      else rej(new Error(`${script} ${args.join(' ')} failed (exit ${code}); see the lines above`));
    });
  });
}

/** Pure: the manifest's images as archives to import and the env for launch-pod. */
export function fromManifest(m: ImagesManifest, names?: string[]): LocalImages {
  if (m.schema !== 1) throw new Error(`images.json schema ${m.schema} is not the supported 1`);
  const pause = m.images['pause'];
  if (!pause) throw new Error('images.json has no pause image');
  const others = Object.entries(m.images).filter(([n]) => n !== 'pause' && (!names || names.includes(n)));
  const env: Record<string, string> = { KELOS_IMAGE_PULL_POLICY: 'Never' };
  for (const [, img] of others) if (img.env) env[img.env] = img.ref;
  return {
    pause: { ref: pause.ref, tar: pause.tar },
    others: others.map(([, i]) => ({ ref: i.ref, tar: i.tar })),
    env,
  };
}

/**
 * Builds (or finds cached) the images and returns them. `names`: which of
 * git/claude-code/codex/gemini/opencode (default all); pause always.
 */
export async function localImages(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  names?: string[],
): Promise<LocalImages> {
  if (existsSync(IMAGES_SCRIPT)) {
    const dir = await lastLine(IMAGES_SCRIPT, names ? ['pause', ...names] : [], env);
    const manifest = JSON.parse(await readFile(join(dir, 'images.json'), 'utf8')) as ImagesManifest;
    return fromManifest(manifest, names);
  }
  log('scripts/images/ is not in this tree: only the pause image is built, agents cannot run on this node');
  const tar = await lastLine(PAUSE_SCRIPT, [], env);
  return { pause: { ref: 'localhost/pause:local', tar }, others: [], env: {} };
}
