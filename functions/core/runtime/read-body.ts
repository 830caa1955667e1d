/**
 * Reads a request body as text, with the answers body-parser gave before it
 * (functions/core/README.md): over the limit 413 (from Content-Length before
 * reading, else once the count passes it), an unknown charset or content
 * encoding 415, a body cut short 400. gzip and deflate are inflated, as
 * body-parser did; the limit applies to the inflated body.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

/** A request that cannot be read: answered `status` with `{error: message}`. */
export class BodyError extends Error {
  override name = 'BodyError';
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii']);

/** The charset parameter of a Content-Type, lower-cased; undefined when absent. */
function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m?.[1]?.toLowerCase();
}

function decoded(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return req;
  if (encoding === 'gzip') return req.pipe(createGunzip());
  if (encoding === 'deflate') return req.pipe(createInflate());
  throw new BodyError(415, `unsupported content encoding "${encoding}"`);
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const charset = charsetOf(req.headers['content-type']);
  if (charset && !CHARSETS.has(charset))
    throw new BodyError(415, `unsupported charset "${charset.toUpperCase()}"`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume(); // let the client finish sending so it reads the answer
    throw new BodyError(413, 'request entity too large');
  }
  const stream = decoded(req);
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of stream) {
      received += (chunk as Buffer).length;
      if (received > limitBytes) {
        req.resume();
        throw new BodyError(413, 'request entity too large');
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof BodyError) throw err;
    throw new BodyError(
      400,
      req.aborted || !req.complete ? 'request aborted' : `unreadable body: ${String(err)}`,
    );
  }
  if (!req.complete) throw new BodyError(400, 'request aborted');
  return Buffer.concat(chunks).toString('utf8');
}
