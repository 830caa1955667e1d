/**
 * The cache key of an image: a SHA-256 over everything that decides its
 * content, so an image is rebuilt exactly when one of them changes (pure).
 * Debian packages installed by RUN steps are not pinned and not hashed.
 */
import { createHash } from 'node:crypto';

export interface ImageInputs {
  recipe: string;
  /** The base image's own hash ('' for an image with no base). */
  base: string;
  buildArgs: Record<string, string>;
  /** Repository-relative path → SHA-256 of its content (the Dockerfile, the files it copies). */
  files: Record<string, string>;
  /** Anything else that decides the content (tool versions, host files). */
  extra?: Record<string, string>;
}

export const HASH_LENGTH = 16;

function sortedEntries(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function inputHash(inputs: ImageInputs): string {
  const canonical = JSON.stringify({
    recipe: inputs.recipe,
    base: inputs.base,
    buildArgs: sortedEntries(inputs.buildArgs),
    files: sortedEntries(inputs.files),
    extra: sortedEntries(inputs.extra ?? {}),
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, HASH_LENGTH);
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
