/**
 * A tiny Streamable-HTTP MCP server for the agent tests (POST /mcp, JSON
 * answers): one tool, `kelos_http_probe`. Records the methods asked and the
 * Authorization header, so a test can tell the CLI read the remote server from
 * its config, with the headers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface McpHttpProbe {
  url: string;
  methods: string[];
  authorizations: string[];
  stop(): Promise<void>;
}

interface RpcMessage {
  id?: string | number;
  method?: string;
  params?: { protocolVersion?: string };
}

function answer(msg: RpcMessage): unknown {
  switch (msg.method) {
    case 'initialize':
      return {
        protocolVersion: msg.params?.protocolVersion ?? '2025-06-18',
        capabilities: { tools: {} },
        serverInfo: { name: 'kelos-http-probe', version: '1.0.0' },
      };
    case 'tools/list':
      return {
        tools: [
          {
            name: 'kelos_http_probe',
            description: 'Kelos HTTP probe tool.',
            inputSchema: { type: 'object', properties: {} },
          },
        ],
      };
    case 'tools/call':
      return { content: [{ type: 'text', text: 'http probe ok' }] };
    default:
      return {};
  }
}

export async function startMcpHttpProbe(): Promise<McpHttpProbe> {
  const methods: string[] = [];
  const authorizations: string[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    authorizations.push(String(req.headers['authorization'] ?? ''));
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const batch = (Array.isArray(parsed) ? parsed : [parsed]) as RpcMessage[];
    const replies = batch
      .map((m) => {
        methods.push(m.method ?? 'response');
        return m.id === undefined || m.method === undefined
          ? undefined
          : { jsonrpc: '2.0', id: m.id, result: answer(m) };
      })
      .filter((r) => r !== undefined);
    if (replies.length === 0) {
      res.writeHead(202).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'kelos-probe-session' });
    res.end(JSON.stringify(Array.isArray(parsed) ? replies : replies[0]));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(400);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    methods,
    authorizations,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
