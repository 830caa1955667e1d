/**
 * One POST of an emitted event to K_SINK, resolving with the HTTP status.
 * Over node:http(s) with a keep-alive agent: fetch costs several times more
 * CPU per small request, and a burst emits one event per Task per step.
 * Rejects on no answer (connection error, timeout).
 */
import http from 'node:http';
import https from 'node:https';

export interface PostRequest {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export type PostEvent = (url: string, request: PostRequest) => Promise<number>;

let agents: { http: http.Agent; https: https.Agent } | undefined;
/** Made on the first event, not at import (cold start). */
const agentFor = (secure: boolean) => {
  agents ??= {
    http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };
  return secure ? agents.https : agents.http;
};

interface Target {
  secure: boolean;
  options: https.RequestOptions;
}

let lastTarget: { url: string; target: Target } | undefined;
/** K_SINK parsed once, not per event. */
function targetOf(url: string): Target {
  if (lastTarget?.url === url) return lastTarget.target;
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  const target = {
    secure,
    options: {
      protocol: u.protocol,
      hostname: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port || (secure ? 443 : 80),
      path: u.pathname + u.search,
      ...(u.username || u.password
        ? { auth: `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` }
        : {}),
    },
  };
  lastTarget = { url, target };
  return target;
}

export const httpPostEvent: PostEvent = (url, { headers, body, timeoutMs }) =>
  new Promise((resolve, reject) => {
    const { secure, options } = targetOf(url);
    const req = (secure ? https : http).request({
      ...options,
      method: 'POST',
      agent: agentFor(secure),
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume(); // drain, so the socket is reused
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.end(body);
  });

/** The same contract over a fetch implementation (tests inject one). */
export function fetchPostEvent(doFetch: typeof fetch): PostEvent {
  return async (url, { headers, body, timeoutMs }) => {
    const res = await doFetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  };
}
