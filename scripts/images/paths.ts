/** Where the images live (README.md "Interface"); pure. */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function imagesDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env['KELOS_CACHE_DIR'] || join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'kelos');
  return join(root, 'images');
}

export function tarPath(dir: string, name: string, hash: string): string {
  return join(dir, `${name}-${hash}.tar`);
}

export interface CachedFile {
  file: string;
  mtimeMs: number;
}

/**
 * The tars of `name` to delete: every leftover `.partial` (the caller holds the
 * lock), and beyond the `keep` most recently used complete tars, all but those
 * in `inUse`. Several work trees can share one cache with different inputs, so
 * a new build must not delete the tar another one just used.
 */
export function tarsToPrune(
  files: readonly CachedFile[],
  name: string,
  inUse: ReadonlySet<string>,
  keep = 3,
): string[] {
  const re = new RegExp(`^${name.replace(/[-]/g, '\\-')}-[0-9a-f]+\\.tar(\\.partial)?$`);
  const mine = files.filter((f) => re.test(f.file));
  const partial = mine.filter((f) => f.file.endsWith('.partial')).map((f) => f.file);
  const complete = mine
    .filter((f) => f.file.endsWith('.tar') && !inUse.has(f.file))
    .sort((a, b) => b.mtimeMs - a.mtimeMs || (a.file < b.file ? -1 : 1));
  const room = Math.max(0, keep - [...inUse].filter((f) => re.test(f)).length);
  return [...partial, ...complete.slice(room).map((f) => f.file)];
}

/** This run's own manifest folder: named by what it holds, so equal runs share it. */
export function runDir(dir: string, entries: Record<string, { hash: string }>): string {
  const key = Object.entries(entries)
    .map(([name, e]) => `${name}:${e.hash}`)
    .sort()
    .join(',');
  return join(dir, 'runs', createHash('sha256').update(key).digest('hex').slice(0, 16));
}
