/**
 * `npm run bench`: runs every benchmark under bench/ in turn (each prints its
 * own figures). Pass names to run a subset: `npm run bench -- control-plane-start`.
 */
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const HELPERS = new Set(['run-all.ts', 'stats.ts']);

const wanted = process.argv.slice(2);
const files = (await readdir(DIR)).filter((f) => f.endsWith('.ts') && !HELPERS.has(f)).sort();
for (const file of files) {
  const name = file.replace(/\.ts$/, '');
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n### ${name}`);
  const mod = (await import(pathToFileURL(resolve(DIR, file)).href)) as { main?: () => Promise<void> };
  if (typeof mod.main !== 'function') {
    console.log(`(skipped: ${file} exports no main())`);
    continue;
  }
  await mod.main();
}
