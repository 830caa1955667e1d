/**
 * Listening and draining, shared by every function's HTTP server (the
 * CloudEvents runtime and github-source's webhook receiver).
 */
import { createServer, type RequestListener, type Server } from 'node:http';

/** `app`: a plain listener (the CloudEvents runtime) or an express app (github-source). */
export function listen(app: RequestListener, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(app);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
    // Knative's queue-proxy keeps connections open; idle ones must outlive its own timeout.
    server.keepAliveTimeout = 65_000;
  });
}

/** Stops accepting, waits up to `timeoutMs` for in-flight requests, then closes every connection. */
export async function drain(server: Server, inFlight: () => number, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + timeoutMs;
  while (inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  // Answers written after close() carry `Connection: close`, so sockets end by themselves once
  // flushed; give them a moment before cutting whatever is left (a client that never reads).
  server.closeIdleConnections();
  const grace = new Promise<void>((r) => setTimeout(r, 1000).unref());
  await Promise.race([closed, grace]);
  server.closeAllConnections();
  await closed;
}
