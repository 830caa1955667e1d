/** `@file` values of the config file and of `kelos create agentconfig` flags. */
import { readFile } from 'node:fs/promises';
import { expandHome } from './paths.js';

/** Literal text, or the content of `@<path>` (`~` expanded) with trailing newlines trimmed. */
export async function resolveContent(value: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (!value.startsWith('@')) return value;
  const path = expandHome(value.slice(1), env);
  try {
    return (await readFile(path, 'utf8')).replace(/[\r\n]+$/, '');
  } catch (err) {
    throw new Error(`reading file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** A credential value from the config: `none` means an empty secret value. */
export async function resolveCredentialValue(value: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (value === 'none') return '';
  return resolveContent(value, env);
}
