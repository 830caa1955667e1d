#!/usr/bin/env node
// The `kelos` command. A built package runs the compiled CLI (dist/cli/main.js,
// from `npm run build`), which starts faster; a checkout without a build runs
// the TypeScript source through tsx, so `npx kelos` works either way.
// KELOS_CLI_FROM_SOURCE=1 forces the source (tests, and checkouts whose dist/ is stale).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');

if (existsSync(compiled) && process.env.KELOS_CLI_FROM_SOURCE !== '1') {
  const { main } = await import(pathToFileURL(compiled).href);
  await main();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(pathToFileURL(join(root, 'cli', 'main.ts')).href);
  await main();
}
