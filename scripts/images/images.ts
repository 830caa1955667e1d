/**
 * The images for TypeScript callers (scripts/node/, tests): build or reuse
 * them with build.sh, read images.json, and the launch-pod environment that
 * points at them (README.md "Interface").
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageName } from './catalog.js';
import { MANIFEST_FILE, parseManifest, type ImagesManifest } from './manifest.js';

export { imageEnv, type ImageEntry, type ImagesManifest } from './manifest.js';
export { imagesDir } from './paths.js';

export const BUILD_SCRIPT = fileURLToPath(new URL('./build.sh', import.meta.url));

/**
 * Runs build.sh for `names` (default all) and resolves to this run's manifest
 * folder (`<cache>/runs/<hash>/`, its images.json holds exactly the images
 * asked for, whatever other work trees sharing the cache build meanwhile).
 * Progress goes to `onProgress` (default: this process's stderr).
 */
export function buildImages(
  names: readonly ImageName[] = [],
  opts: { env?: NodeJS.ProcessEnv; onProgress?: (chunk: string) => void } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'bash',
      [BUILD_SCRIPT, ...names],
      { env: opts.env ?? process.env, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          const code = typeof err.code === 'number' ? err.code : undefined;
          const why = code === 2 ? 'needs root' : `exit ${code ?? err.message}`;
          reject(new Error(`building the images failed (${why}): ${stderr.slice(-3000)}`, { cause: err }));
        } else resolve(stdout.trim().split('\n').at(-2) ?? '');
      },
    );
    const progress = opts.onProgress ?? ((chunk: string) => process.stderr.write(chunk));
    child.stderr?.on('data', (chunk: Buffer | string) => progress(chunk.toString()));
  });
}

export function readImagesManifest(dir: string): ImagesManifest {
  return parseManifest(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
}
