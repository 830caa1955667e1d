/**
 * The images the local node runs, without a registry: built (or found cached)
 * by scripts/images/ (its README states the interface), as archives to import
 * into the node's containerd and the env launch-pod needs to use them.
 */
import { buildImages, readImagesManifest, type ImagesManifest } from '../images/images.js';
import type { ImageName } from '../images/catalog.js';

export interface ImageArchive {
  ref: string;
  tar: string;
}

export interface LocalImages {
  /** containerd's sandbox image. */
  pause: ImageArchive;
  /** Every other image to import (git, agents). */
  others: ImageArchive[];
  /** For launch-pod: KELOS_GIT_IMAGE, KELOS_<TYPE>_IMAGE of the imported images, KELOS_IMAGE_PULL_POLICY=Never. */
  env: Record<string, string>;
}

/** Pure: the manifest's images (only `names` besides pause, when given) as archives and env. */
export function fromManifest(m: ImagesManifest, names?: readonly string[]): LocalImages {
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
 * Builds what is missing and returns the images. `names`: which of
 * git/claude-code/codex/gemini/opencode (default all); pause always.
 */
export async function localImages(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  names?: readonly ImageName[],
): Promise<LocalImages> {
  const wanted: ImageName[] = names ? ['pause', ...names.filter((n) => n !== 'pause')] : [];
  const dir = await buildImages(wanted, {
    env,
    onProgress: (chunk) => chunk.split('\n').forEach((l) => l.trim() && log(l)),
  });
  return fromManifest(readImagesManifest(dir), names);
}
