/**
 * What each agent type needs on disk before its CLI starts (KELOS-BEHAVIOUR §4.4,
 * with SPEC §5's fixes): the agentsMD file, plugin skills and agents, MCP servers
 * in the CLI's own config, and codex's auth.json. Pure: existing files come in
 * through `read`, the result is the list of files to write.
 */
import { join } from 'node:path';
import { geminiSettings, mcpWrites } from './config-writes.js';
import { codexAgentToml } from './plugins.js';
import { opencodeDir, type FileWrite, type SetupInput } from './setup-input.js';

export { AGENT_TYPES, type AgentType, type FileWrite, type SetupInput } from './setup-input.js';

export function agentsMdPath(input: SetupInput): string {
  switch (input.type) {
    case 'claude-code':
      return join(input.home, '.claude', 'CLAUDE.md');
    case 'codex':
      return join(input.home, '.codex', 'AGENTS.md');
    case 'gemini':
      return join(input.home, '.gemini', 'GEMINI.md');
    case 'opencode':
      return join(opencodeDir(input), 'AGENTS.md');
  }
}

function pluginWrites(input: SetupInput): FileWrite[] {
  const writes: FileWrite[] = [];
  for (const p of input.plugins) {
    const skill = (base: string): void => {
      for (const s of p.skills)
        writes.push({ path: join(base, `${p.name}-${s.name}`, 'SKILL.md'), content: s.content });
    };
    switch (input.type) {
      case 'claude-code':
        break; // the entrypoint passes --plugin-dir for each plugin directory
      case 'codex':
        skill(join(input.home, '.codex', 'skills'));
        for (const a of p.agents) {
          writes.push({
            path: join(input.home, '.codex', 'agents', `${p.name}-${a.name}.toml`),
            content: codexAgentToml(p.name, a),
          });
        }
        break;
      case 'gemini': {
        const ext = join(input.home, '.gemini', 'extensions', p.name);
        writes.push({
          path: join(ext, 'gemini-extension.json'),
          content: JSON.stringify({ name: p.name, version: '1.0.0' }) + '\n',
        });
        for (const s of p.skills)
          writes.push({ path: join(ext, 'skills', s.name, 'SKILL.md'), content: s.content });
        for (const a of p.agents)
          writes.push({ path: join(ext, 'agents', `${a.name}.md`), content: a.content });
        break;
      }
      case 'opencode':
        skill(join(opencodeDir(input), 'skills'));
        for (const a of p.agents)
          writes.push({ path: join(opencodeDir(input), 'agents', `${a.name}.md`), content: a.content });
        break;
    }
  }
  return writes;
}

export function planSetup(input: SetupInput): FileWrite[] {
  const writes: FileWrite[] = [];
  const agentsMd = input.env['KELOS_AGENTS_MD'];
  if (agentsMd) writes.push({ path: agentsMdPath(input), content: agentsMd });
  const auth = input.env['CODEX_AUTH_JSON'];
  if (input.type === 'codex' && auth) {
    writes.push({
      path: join(input.home, '.codex', 'auth.json'),
      content: auth.replace(/[\r\n]/g, ''),
      mode: 0o600,
    });
  }
  writes.push(...pluginWrites(input));
  writes.push(...mcpWrites(input));
  if (input.type === 'gemini') writes.push(geminiSettings(input));
  return writes;
}
