/**
 * A local K_SINK for tests: an HTTP server on 127.0.0.1:0 that records every
 * binary-mode CloudEvent POSTed to it and answers 202.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  type: string;
  source: string;
  subject: string;
  /** The JSON body; {} when there is none (or it is not JSON: `body` still has it). */
  data: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface EventSink {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** In arrival order. */
  events: ReceivedEvent[];
  stop(): Promise<void>;
}

export async function startEventSink(): Promise<EventSink> {
  const events: ReceivedEvent[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      events.push({
        type: String(req.headers['ce-type'] ?? ''),
        source: String(req.headers['ce-source'] ?? ''),
        subject: String(req.headers['ce-subject'] ?? ''),
        data: parseObject(body),
        headers: req.headers,
        body,
      });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    events,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

function parseObject(body: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(body);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
