/**
 * AgentConfig MCP servers merged into each CLI's own config file, and the Gemini
 * CLI settings the pinned version needs to run unattended.
 */
import { join } from 'node:path';
import { claudeServers, codexToml, geminiServers, opencodeServers, parseMcpServers } from './mcp-formats.js';
import { opencodeDir, type FileWrite, type SetupInput } from './setup-input.js';

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

export function mcpWrites(input: SetupInput): FileWrite[] {
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

/**
 * Gemini CLI settings.json: MCP servers merged in, plus what the pinned CLI needs to
 * run unattended unless the image already decided otherwise: API-key auth when
 * GEMINI_API_KEY is set (else "Invalid auth method selected") and folder trust off
 * (else --yolo is overridden in the untrusted /workspace/repo).
 */
export function geminiSettings(input: SetupInput): FileWrite {
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
