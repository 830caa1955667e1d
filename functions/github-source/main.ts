/** Process entry of github-source: wiring only (see start.ts and handler.ts). */
import { runMain } from '../core/runtime/run-main.js';
import { startGitHubSource } from './start.js';

export function main(env: NodeJS.ProcessEnv = process.env) {
  return startGitHubSource({ env });
}

if (import.meta.url === `file://${process.argv[1]}`) void runMain('github-source', main);
