/** Where the images live (README.md "Interface"); pure. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function imagesDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env['KELOS_CACHE_DIR'] || join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'kelos');
  return join(root, 'images');
}

export function tarPath(dir: string, name: string, hash: string): string {
  return join(dir, `${name}-${hash}.tar`);
}

/** Older tars of `name` (another hash) among `files`, to remove once the new one is written. */
export function staleTars(files: readonly string[], name: string, hash: string): string[] {
  const re = new RegExp(`^${name.replace(/[-]/g, '\\-')}-([0-9a-f]+)\\.tar(\\.partial)?$`);
  return files.filter((f) => {
    const m = re.exec(f);
    return m !== null && !(m[1] === hash && m[2] === undefined);
  });
}
