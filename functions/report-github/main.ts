/**
 * Process entry of report-github: wiring only (see handler.ts). Run by
 * scripts/run-function.js / the bundled entry, which call runMain(name, main).
 */
import { startFunction } from '../core/runtime/start-function.js';
import { readConfig } from './config.js';
import { handle } from './handler.js';

export function main(env: NodeJS.ProcessEnv = process.env) {
  return startFunction({ name: 'report-github', handle, readConfig, env });
}
