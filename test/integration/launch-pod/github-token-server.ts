/** A local stand-in for GitHub's `POST /app/installations/{id}/access_tokens` (201 {token, expires_at}). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenRequest {
  path: string;
  authorization: string;
}

export async function startTokenServer(
  token: string,
): Promise<{ url: string; requests: TokenRequest[]; stop(): Promise<void> }> {
  const requests: TokenRequest[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push({ path: req.url ?? '', authorization: String(req.headers.authorization ?? '') });
      if (req.method === 'POST' && /^\/app\/installations\/[^/]+\/access_tokens$/.test(req.url ?? '')) {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token, expires_at: new Date(Date.now() + 3600_000).toISOString() }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"Not Found"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
