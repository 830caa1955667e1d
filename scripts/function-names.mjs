// The function names for the build scripts, read from functions/names.ts (the one list) with
// esbuild, so no script keeps a copy that could drift. names.ts must stay free of imports:
// it is evaluated on its own. (run-function.js, which ships without esbuild, reads the
// compiled dist/functions/names.js instead.)
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transform } from 'esbuild';

/** FUNCTION_NAMES of `<root>/functions/names.ts`. */
export async function readFunctionNames(root) {
  const file = join(root, 'functions', 'names.ts');
  const { code } = await transform(await readFile(file, 'utf8'), { loader: 'ts', format: 'esm' });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  const names = mod.FUNCTION_NAMES;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw new Error(`${file}: FUNCTION_NAMES is not a list of names`);
  }
  return names;
}
