/**
 * KELOS_MCP_SERVERS (`{"mcpServers":{"<name>":{type,command,args,url,headers,env}}}`,
 * KELOS-BEHAVIOUR §2.8) rendered in each agent CLI's own configuration format.
 */
export interface McpServer {
  type?: string;
  command?: string;
  args?: string[];
  url?: string;
  headers?: Record<string, string>;
  env?: Record<string, string>;
}
export type McpServers = Record<string, McpServer>;

export function parseMcpServers(json: string | undefined): McpServers {
  if (json === undefined || json.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new Error('KELOS_MCP_SERVERS is not valid JSON', { cause: err });
  }
  const servers = (parsed as { mcpServers?: unknown } | null)?.mcpServers;
  if (servers === undefined) return {};
  if (servers === null || typeof servers !== 'object' || Array.isArray(servers)) {
    throw new Error('KELOS_MCP_SERVERS: "mcpServers" must be an object');
  }
  return servers as McpServers;
}

const isRemote = (s: McpServer): boolean => s.command === undefined && s.url !== undefined;
const nonEmpty = <T extends object>(o: T | undefined): T | undefined =>
  o && Object.keys(o).length > 0 ? o : undefined;

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Claude Code (~/.claude.json `mcpServers`) takes the Kelos shape as it is. */
export function claudeServers(servers: McpServers): Record<string, unknown> {
  return Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, compact({ ...s })]));
}

/** Gemini CLI settings.json: stdio via command, streamable HTTP via `httpUrl`, SSE via `url`. */
export function geminiServers(servers: McpServers): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(servers).map(([name, s]) => {
      if (!isRemote(s)) return [name, compact({ command: s.command, args: s.args, env: nonEmpty(s.env) })];
      const key = s.type === 'sse' ? 'url' : 'httpUrl';
      return [name, compact({ [key]: s.url, headers: nonEmpty(s.headers) })];
    }),
  );
}

/** OpenCode opencode.json `mcp`: `local` with the command as one array, or `remote`. */
export function opencodeServers(servers: McpServers): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(servers).map(([name, s]) => {
      if (!isRemote(s)) {
        const command = [s.command ?? '', ...(s.args ?? [])];
        return [name, compact({ type: 'local', command, environment: nonEmpty(s.env), enabled: true })];
      }
      return [name, compact({ type: 'remote', url: s.url, headers: nonEmpty(s.headers), enabled: true })];
    }),
  );
}

// JSON string syntax is valid TOML basic-string syntax (same escapes), so it quotes both keys and values.
const tomlStr = (s: string): string => JSON.stringify(s);
const tomlTable = (o: Record<string, string>): string =>
  `{ ${Object.entries(o)
    .map(([k, v]) => `${tomlStr(k)} = ${tomlStr(v)}`)
    .join(', ')} }`;

/** Codex config.toml tables `[mcp_servers."<name>"]`; codex infers the transport from command/url. */
export function codexToml(servers: McpServers): string {
  return Object.entries(servers)
    .map(([name, s]) => {
      const lines = [`[mcp_servers.${tomlStr(name)}]`];
      if (s.command !== undefined) lines.push(`command = ${tomlStr(s.command)}`);
      if (s.args !== undefined && s.args.length > 0) lines.push(`args = [${s.args.map(tomlStr).join(', ')}]`);
      if (s.url !== undefined) lines.push(`url = ${tomlStr(s.url)}`);
      if (nonEmpty(s.headers)) lines.push(`http_headers = ${tomlTable(s.headers ?? {})}`);
      if (nonEmpty(s.env)) lines.push(`env = ${tomlTable(s.env ?? {})}`);
      return lines.join('\n') + '\n';
    })
    .join('\n');
}
