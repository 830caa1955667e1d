/** The input of planning an agent's setup, and its result: files to write. */
import { join } from 'node:path';
import type { Plugin } from './plugins.js';

export const AGENT_TYPES = ['claude-code', 'codex', 'gemini', 'opencode'] as const;
export type AgentType = (typeof AGENT_TYPES)[number];

export interface FileWrite {
  path: string;
  content: string;
  mode?: number;
}

export interface SetupInput {
  type: AgentType;
  home: string;
  env: Record<string, string | undefined>;
  plugins: Plugin[];
  /** Current content of a file, or undefined when it does not exist. */
  read(path: string): string | undefined;
}

export function opencodeDir(input: SetupInput): string {
  return join(input.env['XDG_CONFIG_HOME'] || join(input.home, '.config'), 'opencode');
}
