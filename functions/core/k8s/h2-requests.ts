/**
 * Plain request/response exchanges with the API server over one HTTP/2
 * connection (as client-go talks to it), instead of a pool of HTTPS/1.1
 * sockets. Headers are framed and compressed in node's native HTTP/2 layer,
 * so a request runs far less JavaScript: in a fresh process (a function woken
 * by a burst) the first thousand requests cost ~190 µs of CPU each instead of
 * ~290 µs over https.Agent, and one TLS handshake replaces one per socket.
 *
 * The connection is made on first use and again after it closes, fails or is
 * told to go away; a request caught by that fails with a network code, which
 * the REST client retries for reads. The connection only keeps the process
 * alive while a request is in flight. At most 32 requests are on the wire at
 * once, as HTTPS/1.1 had 32 sockets (unbounded, a 10,000-Task burst grew a
 * function's peak RSS from ~146 to 225 MiB). Streams (watches, followed logs)
 * stay on HTTP/1.1 (transport.ts).
 */
import http2 from 'node:http2';
import type { RawResponse } from './transport.js';

export interface H2Target {
  /** https://host:port */
  origin: string;
  ca?: Buffer | undefined;
  cert?: Buffer | undefined;
  key?: Buffer | undefined;
  rejectUnauthorized: boolean;
}

export interface H2Request {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string | number>;
  body?: string | undefined;
  /** Inactivity timeout; 0 = none. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface H2Requests {
  request(req: H2Request): Promise<RawResponse>;
  close(): void;
}

/** An error with a network code the REST client knows (it retries reads on these). */
function networkError(message: string, code: string, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? {} : { cause }), { code });
}

/** HTTP/2 failures that mean "the connection went away", mapped to ECONNRESET. */
const CONNECTION_CODES = new Set([
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_STREAM_CANCEL',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_INVALID_SESSION',
  'ERR_HTTP2_ERROR',
  'ERR_HTTP2_SOCKET_UNBOUND',
]);

function asNetworkError(err: unknown): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  // A canceled stream carries what broke the connection (ECONNREFUSED, ...) as its cause.
  const cause = (err as { cause?: NodeJS.ErrnoException } | undefined)?.cause;
  if (code && CONNECTION_CODES.has(code) && cause?.code && !cause.code.startsWith('ERR_HTTP2')) {
    return networkError(cause.message, cause.code, err);
  }
  if (code && CONNECTION_CODES.has(code)) {
    return networkError(`connection to the API server lost (${code})`, 'ECONNRESET', err);
  }
  return err instanceof Error ? err : new Error(String(err));
}

const MAX_STREAMS = 32;

export function createH2Requests(target: H2Target): H2Requests {
  let session: http2.ClientHttp2Session | undefined;
  let active = 0;
  const failures = new WeakMap<http2.ClientHttp2Session, Error>();

  const connect = (): http2.ClientHttp2Session => {
    if (session && !session.closed && !session.destroyed) return session;
    const s = http2.connect(target.origin, {
      ...(target.ca ? { ca: target.ca } : {}),
      ...(target.cert ? { cert: target.cert } : {}),
      ...(target.key ? { key: target.key } : {}),
      rejectUnauthorized: target.rejectUnauthorized,
    });
    const forget = () => {
      if (session === s) session = undefined;
    };
    // Failures reach the streams in flight (kept for them: a refused connection closes them with no
    // error of their own); without a listener a session error would end the process.
    s.on('error', (err: Error) => {
      failures.set(s, err);
      forget();
    });
    s.on('close', forget);
    s.on('goaway', forget);
    if (active === 0) s.unref();
    session = s;
    return s;
  };

  // At most MAX_STREAMS requests on the wire, the rest wait their turn (HTTPS/1.1 had 32 sockets):
  // unbounded, a burst's thousands of answers in flight at once grew a function's heap.
  const waiting: (() => void)[] = [];
  let onWire = 0;
  const request = async (req: H2Request): Promise<RawResponse> => {
    if (onWire >= MAX_STREAMS) await new Promise<void>((r) => waiting.push(r));
    onWire++;
    try {
      return await exchange(req);
    } finally {
      onWire--;
      waiting.shift()?.();
    }
  };

  const exchange = (req: H2Request): Promise<RawResponse> =>
    new Promise<RawResponse>((resolve, reject) => {
      if (req.signal?.aborted) return reject(networkError('request aborted', 'ABORT_ERR'));
      let stream: http2.ClientHttp2Stream;
      let s: http2.ClientHttp2Session;
      try {
        s = connect();
        stream = s.request(
          { ':method': req.method, ':path': req.path, ...req.headers },
          { endStream: req.body === undefined },
        );
      } catch (err) {
        forgetBroken();
        return reject(asNetworkError(err));
      }
      // Only a session with a request in flight keeps the process alive.
      if (active++ === 0) s.ref();
      let done = false;
      const finish = (err: Error | undefined, res?: RawResponse) => {
        if (done) return;
        done = true;
        req.signal?.removeEventListener('abort', onAbort);
        if (--active === 0) {
          // This request's session, and a newer one made while it was in flight (its own failed).
          if (!s.destroyed) s.unref();
          if (session && !session.destroyed) session.unref();
        }
        if (err) {
          if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
          reject(err);
        } else resolve(res!);
      };
      const onAbort = () => finish(networkError('request aborted', 'ABORT_ERR'));
      req.signal?.addEventListener('abort', onAbort, { once: true });
      if (req.timeoutMs > 0) {
        stream.setTimeout(req.timeoutMs, () => finish(networkError('request timed out', 'ETIMEDOUT')));
      }
      let status = 0;
      let headers: RawResponse['headers'] = {};
      const chunks: Buffer[] = [];
      stream.on('response', (h) => {
        status = Number(h[':status']) || 0;
        headers = h as RawResponse['headers'];
      });
      stream.on('data', (c: Buffer) => chunks.push(c));
      let ended = false;
      stream.on('end', () => (ended = true));
      stream.on('error', (err) => finish(asNetworkError(err)));
      // Closed without an end (reset by the server, the session gone).
      // Decided at close, when the stream's fate is known: an answer read to its end on a stream that
      // closed cleanly, else the connection went away (a session's own error, e.g. a refused
      // connection, comes after its streams close: wait a turn for it).
      stream.on('close', () =>
        setImmediate(() => {
          if (ended && status !== 0 && stream.rstCode === http2.constants.NGHTTP2_NO_ERROR) {
            return finish(undefined, { status, headers, body: Buffer.concat(chunks).toString('utf8') });
          }
          const failure = failures.get(s);
          finish(
            failure
              ? asNetworkError(failure)
              : networkError(`stream closed before its answer (code ${stream.rstCode})`, 'ECONNRESET'),
          );
        }),
      );
      if (req.body !== undefined) stream.end(req.body);
    });

  function forgetBroken() {
    if (session && (session.closed || session.destroyed)) session = undefined;
  }

  return {
    request,
    close: () => {
      session?.close();
      session = undefined;
    },
  };
}
