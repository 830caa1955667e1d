/**
 * KELOS_MCP_SERVERS: the AgentConfig MCP servers as the JSON document the
 * agent entrypoints merge into their own config (KELOS-BEHAVIOUR §2.8):
 * `{"mcpServers":{"<name>":{type,command,args,url,headers,env}}}`, empty
 * fields omitted, map keys sorted (as Go's encoding/json writes maps).
 */
import type { MCPServerSpec } from '../core/api/types.js';
import { PodBuildError, quote } from './build-error.js';
import { checkSafeName, wrapBuildError } from './safe-name.js';

function sortedMap(map: Record<string, string> | undefined): Record<string, string> | undefined {
  const keys = Object.keys(map ?? {}).sort();
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, map![k]!]));
}

function entry(server: MCPServerSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { type: server.type };
  if (server.command) out['command'] = server.command;
  if (server.args && server.args.length > 0) out['args'] = server.args;
  if (server.url) out['url'] = server.url;
  const headers = sortedMap(server.headers);
  if (headers) out['headers'] = headers;
  const env = sortedMap(server.env);
  if (env) out['env'] = env;
  return out;
}

/** The JSON text, or `invalid MCP server configuration: ...`. */
export function mcpServersJson(servers: readonly MCPServerSpec[]): string {
  return wrapBuildError('invalid MCP server configuration', () => {
    const seen = new Set<string>();
    for (const server of servers) {
      checkSafeName('MCP server', server.name);
      if (seen.has(server.name)) throw new PodBuildError(`duplicate MCP server name ${quote(server.name)}`);
      seen.add(server.name);
    }
    const names = [...seen].sort();
    const byName = new Map(servers.map((s) => [s.name, s]));
    return JSON.stringify({ mcpServers: Object.fromEntries(names.map((n) => [n, entry(byName.get(n)!)])) });
  });
}
