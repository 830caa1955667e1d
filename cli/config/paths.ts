/** Home-relative paths: the default config location and `~` expansion. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function homeDir(env: NodeJS.ProcessEnv): string {
  return env['HOME'] || homedir();
}

export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  return join(homeDir(env), '.kelos', 'config.yaml');
}

/**
 * Expands a leading `~` or `~/` to the home directory. The original CLI did not
 * (KELOS-BEHAVIOUR §10.27) although its own template suggests `@~/.codex/auth.json`.
 */
export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  if (path === '~') return homeDir(env);
  if (path.startsWith('~/')) return join(homeDir(env), path.slice(2));
  return path;
}
