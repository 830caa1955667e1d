/**
 * The broker ingress as the functions see it (their K_SINK): records every
 * CloudEvent they emit and answers 202, for the event driver to route.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeEvent } from '../../../scripts/event-plane/http-binding.js';
import type { TestCloudEvent } from '../../support/cloudevents.js';

export interface EventSink {
  url: string;
  /** The events received since the last call, oldest first. */
  drain(): TestCloudEvent[];
  close(): Promise<void>;
}

export async function startEventSink(): Promise<EventSink> {
  let received: TestCloudEvent[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const event = decodeEvent(req.headers, Buffer.concat(chunks).toString('utf8'));
      if (!event) return void res.writeHead(400).end();
      received.push({ ...event.attributes, data: event.data } as unknown as TestCloudEvent);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    drain: () => {
      const out = received;
      received = [];
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
