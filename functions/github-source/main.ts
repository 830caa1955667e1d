/**
 * Process entry of github-source: wiring only (see start.ts and handler.ts). Run by
 * scripts/run-function.js / the bundled entry, which call runMain(name, main).
 */
import { startGitHubSource } from './start.js';

export function main(env: NodeJS.ProcessEnv = process.env) {
  return startGitHubSource({ env });
}
