/**
 * A stand-in subscriber for event-plane tests: an HTTP server that records
 * every CloudEvent it gets and answers with scripted statuses (default 202).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlaneEvent } from '../../../scripts/event-plane/cloud-event.js';
import { decodeEvent } from '../../../scripts/event-plane/http-binding.js';

export interface Recorder {
  url: string;
  events: (PlaneEvent & { at: number })[];
  /** Statuses to answer with, one per request, then 202. A function can also reply with an event. */
  answers: (number | { status: number; reply: PlaneEvent })[];
  waitFor(pred: (e: PlaneEvent) => boolean, timeoutMs?: number): Promise<PlaneEvent>;
  close(): Promise<void>;
}

export async function startRecorder(): Promise<Recorder> {
  const events: Recorder['events'] = [];
  const answers: Recorder['answers'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const event = decodeEvent(req.headers, Buffer.concat(chunks).toString('utf8'));
      if (event) events.push({ ...event, at: Date.now() });
      const answer = answers.shift() ?? 202;
      if (typeof answer === 'number') return void res.writeHead(answer).end();
      const headers = Object.fromEntries(
        Object.entries(answer.reply.attributes).map(([k, v]) => [`ce-${k}`, v]),
      );
      res
        .writeHead(answer.status, { ...headers, 'content-type': 'application/json' })
        .end(JSON.stringify(answer.reply.data ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    answers,
    waitFor: async (pred, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = events.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline)
          throw new Error(
            `no matching event within ${timeoutMs} ms; got ${events.map((e) => e.attributes.type).join(', ')}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
