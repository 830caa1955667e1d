/** The input of planning an agent's setup, and its result: files to write. */
import { join } from 'node:path';
import { AGENT_TYPES, type AgentType } from '../../../functions/core/api/types.js';
import type { Plugin } from './plugins.js';

// The Task API's list, so a new agent type cannot be forgotten here.
export { AGENT_TYPES, type AgentType };

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
