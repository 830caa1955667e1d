/**
 * kelos-agent-setup <agent-type>: delivers the AgentConfig (KELOS_AGENTS_MD,
 * KELOS_PLUGIN_DIR, KELOS_MCP_SERVERS) and codex's CODEX_AUTH_JSON into the
 * agent CLI's home before the entrypoint starts the CLI.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { AGENT_TYPES, planSetup, type AgentType } from './plan-setup.js';
import { readPlugins } from './plugins.js';

export function isAgentType(v: string | undefined): v is AgentType {
  return (AGENT_TYPES as readonly string[]).includes(v ?? '');
}

export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): void {
  const type = argv[0];
  if (!isAgentType(type)) {
    throw new Error(
      `usage: kelos-agent-setup <${AGENT_TYPES.join('|')}> (got ${JSON.stringify(type ?? '')})`,
    );
  }
  const writes = planSetup({
    type,
    home: env['HOME'] || homedir(),
    env,
    plugins: readPlugins(env['KELOS_PLUGIN_DIR']),
    read: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
  });
  for (const w of writes) {
    mkdirSync(dirname(w.path), { recursive: true });
    writeFileSync(w.path, w.content, w.mode === undefined ? {} : { mode: w.mode });
  }
}
