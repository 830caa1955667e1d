#!/usr/bin/env node
// The `kelos` command. A built package runs the compiled CLI (dist/cli/main.js);
// a checkout without `npm run build` runs the TypeScript source through tsx, so
// `npx kelos` works either way. The compiled path is preferred because it starts faster.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');

if (existsSync(compiled)) {
  const { main } = await import(pathToFileURL(compiled).href);
  await main();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(pathToFileURL(join(root, 'cli', 'main.ts')).href);
  await main();
}
