#!/usr/bin/env node
// Starts one function as its own process: `npm run function -- <name>`.
// Prefers the esbuild bundle (dist/functions/<name>.mjs, fastest cold start),
// falls back to the tsc output (dist/functions/main.js). Plain JS on purpose:
// it must run without tsx.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The one list, functions/names.ts, as compiled by `npm run build` (the image ships dist/).
const namesModule = join(root, 'dist', 'functions', 'names.js');
if (!existsSync(namesModule)) {
  process.stderr.write('functions are not built: run `npm run build` first\n');
  process.exit(1);
}
const { FUNCTION_NAMES: NAMES } = await import(pathToFileURL(namesModule).href);
const name = process.argv[2];

if (!name || !NAMES.includes(name)) {
  process.stderr.write(`unknown function ${JSON.stringify(name ?? '')}; valid names: ${NAMES.join(', ')}\n`);
  process.exit(2);
}

const bundle = join(root, 'dist', 'functions', `${name}.mjs`);
const compiled = join(root, 'dist', 'functions', 'main.js');
if (existsSync(bundle) && process.env.KELOS_UNBUNDLED !== '1') {
  await import(pathToFileURL(bundle).href);
} else if (existsSync(join(root, 'dist', 'functions', name, 'main.js'))) {
  const { runFunction } = await import(pathToFileURL(compiled).href);
  await runFunction(name);
} else {
  process.stderr.write(`function ${name} is not built: run \`npm run build\` first\n`);
  process.exit(1);
}
