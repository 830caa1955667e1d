import { expect } from 'chai';
import {
  claudeServers,
  codexToml,
  geminiServers,
  opencodeServers,
  parseMcpServers,
  type McpServers,
} from '../../../agents/setup/src/mcp-formats.js';

// The shape launch-pod writes into KELOS_MCP_SERVERS (KELOS-BEHAVIOUR §2.8).
const SERVERS: McpServers = {
  github: { type: 'http', url: 'https://api.example.com/mcp', headers: { Authorization: 'Bearer t' } },
  events: { type: 'sse', url: 'https://sse.example.com/sse' },
  files: { type: 'stdio', command: 'npx', args: ['-y', 'files-mcp'], env: { ROOT: '/workspace' } },
};

describe('agents/setup MCP server formats', () => {
  it('parses KELOS_MCP_SERVERS and treats empty as none', () => {
    expect(parseMcpServers(JSON.stringify({ mcpServers: SERVERS }))).to.deep.equal(SERVERS);
    expect(parseMcpServers(undefined)).to.deep.equal({});
    expect(parseMcpServers('')).to.deep.equal({});
    expect(parseMcpServers('{}')).to.deep.equal({});
  });

  it('rejects invalid JSON and a non-object mcpServers with a clear error', () => {
    expect(() => parseMcpServers('{')).to.throw('KELOS_MCP_SERVERS is not valid JSON');
    expect(() => parseMcpServers('{"mcpServers":[]}')).to.throw('"mcpServers" must be an object');
  });

  it('claude-code: the Kelos shape as it is', () => {
    expect(claudeServers(SERVERS)).to.deep.equal(SERVERS);
  });

  it('gemini: command for stdio, httpUrl for http, url for sse', () => {
    expect(geminiServers(SERVERS)).to.deep.equal({
      github: { httpUrl: 'https://api.example.com/mcp', headers: { Authorization: 'Bearer t' } },
      events: { url: 'https://sse.example.com/sse' },
      files: { command: 'npx', args: ['-y', 'files-mcp'], env: { ROOT: '/workspace' } },
    });
  });

  it('opencode: local with the command as one array and environment, or remote', () => {
    expect(opencodeServers(SERVERS)).to.deep.equal({
      github: {
        type: 'remote',
        url: 'https://api.example.com/mcp',
        headers: { Authorization: 'Bearer t' },
        enabled: true,
      },
      events: { type: 'remote', url: 'https://sse.example.com/sse', enabled: true },
      files: {
        type: 'local',
        command: ['npx', '-y', 'files-mcp'],
        environment: { ROOT: '/workspace' },
        enabled: true,
      },
    });
  });

  it('codex: one [mcp_servers."<name>"] table each, type not written', () => {
    expect(codexToml(SERVERS)).to.equal(
      [
        '[mcp_servers."github"]',
        'url = "https://api.example.com/mcp"',
        'http_headers = { "Authorization" = "Bearer t" }',
        '',
        '[mcp_servers."events"]',
        'url = "https://sse.example.com/sse"',
        '',
        '[mcp_servers."files"]',
        'command = "npx"',
        'args = ["-y", "files-mcp"]',
        'env = { "ROOT" = "/workspace" }',
        '',
      ].join('\n'),
    );
  });

  it('codex: quotes and backslashes are escaped as TOML basic strings', () => {
    const toml = codexToml({ 'we"ird': { command: 'C:\\bin\\x', args: ['say "hi"'] } });
    expect(toml).to.equal('[mcp_servers."we\\"ird"]\ncommand = "C:\\\\bin\\\\x"\nargs = ["say \\"hi\\""]\n');
  });
});
