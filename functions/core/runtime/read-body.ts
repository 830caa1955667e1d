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

export function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const charset = charsetOf(req.headers['content-type']);
  if (charset && !CHARSETS.has(charset))
    return Promise.reject(new BodyError(415, `unsupported charset "${charset.toUpperCase()}"`));
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume(); // let the client finish sending so it reads the answer
    return Promise.reject(new BodyError(413, 'request entity too large'));
  }
  let stream: Readable;
  try {
    stream = decoded(req);
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
  // Stream events rather than `for await`: its async iterator cost more CPU than the rest of reading
  // a small body, once per delivery.
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (err: BodyError | undefined) => {
      if (settled) return;
      settled = true;
      stream.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const aborted = () => new BodyError(400, 'request aborted');
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      // Stop inflating; let the client finish sending so it reads the answer.
      if (stream !== req) stream.destroy();
      req.resume();
      settle(new BodyError(413, 'request entity too large'));
    };
    const onEnd = () => settle(req.complete ? undefined : aborted());
    const onError = (err: unknown) =>
      settle(
        req.aborted || !req.complete ? aborted() : new BodyError(400, `unreadable body: ${String(err)}`),
      );
    // Closed before its end: the client went away mid-body.
    const onClose = () => settle(aborted());
    stream.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
