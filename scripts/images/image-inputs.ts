/**
 * Reads an image's inputs from the repository and hashes them (the pure
 * hashing is input-hash.ts): the Dockerfile and every file it copies, or
 * pause.c and the compiler's version.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RECIPE_VERSION, type ImageDef } from './catalog.js';
import { contextSources } from './dockerfile-inputs.js';
import { inputHash, sha256 } from './input-hash.js';

function fileSha(repoRoot: string, path: string, why: string): string {
  const full = join(repoRoot, path);
  let isFile = false;
  try {
    isFile = statSync(full).isFile();
  } catch {
    throw new Error(`${why}: ${path} does not exist in ${repoRoot}`);
  }
  if (!isFile) throw new Error(`${why}: ${path} is not a regular file (only files are hashed)`);
  return sha256(readFileSync(full));
}

function gccVersion(): string {
  try {
    return execFileSync('gcc', ['-dumpfullversion'], { encoding: 'utf8' }).trim();
  } catch {
    return 'none';
  }
}

/** The image's input hash; `baseHash` is the local base's (unused by pause). */
export function hashImage(def: ImageDef, repoRoot: string, baseHash: string): string {
  if (def.kind === 'pause') {
    return inputHash({
      recipe: `${RECIPE_VERSION}/pause`,
      base: '',
      buildArgs: {},
      files: { [def.source]: fileSha(repoRoot, def.source, 'pause') },
      extra: { gcc: gccVersion(), arch: process.arch },
    });
  }
  const text = readFileSync(join(repoRoot, def.dockerfile), 'utf8');
  const files: Record<string, string> = { [def.dockerfile]: sha256(text) };
  for (const src of contextSources(text)) files[src] = fileSha(repoRoot, src, `${def.dockerfile} COPY`);
  return inputHash({
    recipe: `${RECIPE_VERSION}/dockerfile`,
    base: baseHash,
    buildArgs: def.buildArgs,
    files,
  });
}
