/**
 * Rebuilds dist/ when a function's compiled entry (or its esbuild bundle,
 * which run-function.js prefers) is missing or older than any source file
 * under functions/: `npm run build` (which also bundles; else the bundles
 * are made here).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** The build outputs a function start depends on; undefined mtime = missing. */
async function outputMtimes(root: string, names: readonly string[]): Promise<(number | undefined)[]> {
  const files = names.flatMap((n) => {
    const bundle = join(root, 'dist', 'functions', `${n}.mjs`);
    return [join(root, 'dist', 'functions', n, 'main.js'), ...(existsSync(bundle) ? [bundle] : [])];
  });
  return Promise.all(
    files.map((f) =>
      stat(f).then(
        (s) => s.mtimeMs,
        () => undefined,
      ),
    ),
  );
}

export async function isBuildStale(root: string, names: readonly string[]): Promise<boolean> {
  const sources = await newestMtime(join(root, 'functions'));
  const outputs = await outputMtimes(root, names);
  return outputs.some((m) => m === undefined || m < sources);
}

function run(root: string, command: string, args: string[], log: (line: string) => void): Promise<void> {
  log(`$ ${command} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

export async function ensureBuilt(
  root: string,
  names: readonly string[],
  log: (line: string) => void,
): Promise<boolean> {
  if (!(await isBuildStale(root, names))) return false;
  await run(root, 'npm', ['run', '--silent', 'build'], log);
  // The bundles must not lag behind the tsc output (run-function.js prefers them).
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const bundles =
    existsSync(join(root, 'scripts', 'bundle-functions.mjs')) &&
    !pkg.scripts?.build?.includes('bundle-functions');
  if (bundles) await run(root, process.execPath, ['scripts/bundle-functions.mjs'], log);
  return true;
}
