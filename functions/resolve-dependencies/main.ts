/** Process entry of resolve-dependencies: wiring only (see handler.ts). */
import { runMain } from '../core/runtime/run-main.js';
import { startFunction } from '../core/runtime/start-function.js';
import { readConfig } from './config.js';
import { handle } from './handler.js';

export function main(env: NodeJS.ProcessEnv = process.env) {
  return startFunction({ name: 'resolve-dependencies', handle, readConfig, env });
}

if (import.meta.url === `file://${process.argv[1]}`) void runMain('resolve-dependencies', main);
