/** Parsing of `kelos create agentconfig` flags: --skill/--agent name=content|@file and --mcp name=JSON|@file. */
import { MCP_SERVER_TYPES, type MCPServerSpec } from '../functions/core/api/types.js';
import { resolveContent } from './config/resolve-content.js';

export interface NamedContent {
  name: string;
  content: string;
}

export async function parseNamedContent(
  flag: string,
  value: string,
  env: NodeJS.ProcessEnv,
): Promise<NamedContent> {
  const eq = value.indexOf('=');
  const name = eq > 0 ? value.slice(0, eq) : '';
  const content = eq > 0 ? value.slice(eq + 1) : '';
  if (!name || !content)
    throw new Error(`invalid --${flag} value "${value}": must be name=content or name=@file`);
  return { name, content: await resolveContent(content, env) };
}

export async function parseMcpFlag(value: string, env: NodeJS.ProcessEnv): Promise<MCPServerSpec> {
  const eq = value.indexOf('=');
  const name = eq > 0 ? value.slice(0, eq) : '';
  const source = eq > 0 ? value.slice(eq + 1) : '';
  if (!name || !source) throw new Error(`invalid --mcp value "${value}": must be name=JSON or name=@file`);
  const text = await resolveContent(source, env);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`invalid --mcp "${name}" JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(`invalid --mcp "${name}" JSON: expected an object`);
  }
  const o = doc as Record<string, unknown>;
  if (!o['type']) throw new Error(`--mcp "${name}": "type" field is required`);
  const type = String(o['type']);
  if (!(MCP_SERVER_TYPES as readonly string[]).includes(type)) {
    throw new Error(`--mcp "${name}": unsupported type "${type}" (must be stdio, http, or sse)`);
  }
  const server: MCPServerSpec = { name, type: type as MCPServerSpec['type'] };
  if (typeof o['command'] === 'string') server.command = o['command'];
  if (Array.isArray(o['args'])) server.args = o['args'].map(String);
  if (typeof o['url'] === 'string') server.url = o['url'];
  if (isStringMap(o['headers'])) server.headers = o['headers'];
  if (isStringMap(o['env'])) server.env = o['env'];
  return server;
}

function isStringMap(v: unknown): v is Record<string, string> {
  return (
    !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')
  );
}
