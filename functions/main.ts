/**
 * Unbundled entry (dist/functions/main.js <name>): loads only the named
 * function's module, so a process never pays for the others. The bundled
 * entries (dist/functions/<name>.mjs, scripts/bundle-functions.mjs) start
 * faster and are what scripts/run-function.js prefers.
 */
import { pathToFileURL } from 'node:url';
import { runMain, type FunctionMain } from './core/runtime/run-main.js';
import { FUNCTION_NAMES, isFunctionName } from './names.js';

export async function runFunction(name: string | undefined): Promise<void> {
  if (!name || !isFunctionName(name)) {
    process.stderr.write(
      `unknown function ${JSON.stringify(name ?? '')}; valid names: ${FUNCTION_NAMES.join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }
  const mod = (await import(`./${name}/main.js`)) as { main?: FunctionMain };
  if (typeof mod.main !== 'function') {
    process.stderr.write(`functions/${name}/main.ts does not export main()\n`);
    process.exitCode = 1;
    return;
  }
  await runMain(name, mod.main);
}

// Run only when executed directly, never on import (tests import runFunction).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFunction(process.argv[2]);
}
