/**
 * What each agent type needs on disk before its CLI starts (KELOS-BEHAVIOUR §4.4,
 * with SPEC §5's fixes): the agentsMD file, plugin skills and agents, MCP servers
 * in the CLI's own config, and codex's auth.json. Pure: existing files come in
 * through `read`, the result is the list of files to write.
 */
import { join } from 'node:path';
import { claudeServers, codexToml, geminiServers, opencodeServers, parseMcpServers } from './mcp-formats.js';
import { codexAgentToml, type Plugin } from './plugins.js';

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

function opencodeDir(input: SetupInput): string {
  return join(input.env['XDG_CONFIG_HOME'] || join(input.home, '.config'), 'opencode');
}

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

function readJson(input: SetupInput, path: string): Record<string, unknown> {
  const text = input.read(path);
  if (text === undefined || text.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch (err) {
    throw new Error(`cannot merge MCP servers into ${path}: not valid JSON`, { cause: err });
  }
}

/** Merges `servers` under `key` of a JSON config file, keeping everything else. */
function mergeJson(
  input: SetupInput,
  path: string,
  key: string,
  servers: Record<string, unknown>,
): FileWrite {
  const current = readJson(input, path);
  const existing = (current[key] ?? {}) as Record<string, unknown>;
  return {
    path,
    content: JSON.stringify({ ...current, [key]: { ...existing, ...servers } }, null, 2) + '\n',
  };
}

function mcpWrites(input: SetupInput): FileWrite[] {
  const servers = parseMcpServers(input.env['KELOS_MCP_SERVERS']);
  if (Object.keys(servers).length === 0) return [];
  switch (input.type) {
    case 'claude-code':
      return [mergeJson(input, join(input.home, '.claude.json'), 'mcpServers', claudeServers(servers))];
    case 'codex': {
      const path = join(input.home, '.codex', 'config.toml');
      const current = input.read(path) ?? '';
      const sep = current === '' || current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n';
      return [{ path, content: current + sep + codexToml(servers) }];
    }
    case 'gemini':
      return []; // written with the rest of settings.json by geminiSettings
    case 'opencode':
      return [mergeJson(input, join(opencodeDir(input), 'opencode.json'), 'mcp', opencodeServers(servers))];
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

/**
 * Gemini CLI settings.json: MCP servers merged in, plus what the pinned CLI needs to
 * run unattended unless the image already decided otherwise: API-key auth when
 * GEMINI_API_KEY is set (else "Invalid auth method selected") and folder trust off
 * (else --yolo is overridden in the untrusted /workspace/repo).
 */
function geminiSettings(input: SetupInput): FileWrite {
  const path = join(input.home, '.gemini', 'settings.json');
  const current = readJson(input, path);
  const security = { ...((current['security'] ?? {}) as Record<string, unknown>) };
  const auth = { ...((security['auth'] ?? {}) as Record<string, unknown>) };
  if (auth['selectedType'] === undefined && input.env['GEMINI_API_KEY'])
    auth['selectedType'] = 'gemini-api-key';
  const trust = { ...((security['folderTrust'] ?? {}) as Record<string, unknown>) };
  if (trust['enabled'] === undefined) trust['enabled'] = false;
  const servers = geminiServers(parseMcpServers(input.env['KELOS_MCP_SERVERS']));
  const next: Record<string, unknown> = { ...current, security: { ...security, auth, folderTrust: trust } };
  if (Object.keys(servers).length > 0) {
    next['mcpServers'] = { ...((current['mcpServers'] ?? {}) as Record<string, unknown>), ...servers };
  }
  return { path, content: JSON.stringify(next, null, 2) + '\n' };
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
