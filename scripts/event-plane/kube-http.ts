/**
 * The few API server calls the event plane makes (list and watch), over
 * node:https with the credentials of a kubeconfig (client-node's KubeConfig
 * does the loading: token, client certificates, CA).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { createLineFeeder } from './line-feeder.js';

export interface KubeHttp {
  /** The API server URL (the `source` of ApiServerSource events). */
  server: string;
  getJson(path: string): Promise<{ status: number; body: unknown }>;
  /**
   * Streams newline-delimited JSON until the server closes it or `signal`
   * aborts; resolves with the HTTP status. A throwing `onLine` ends the
   * stream and rejects with that error; a promise it returns pauses the
   * stream until it settles (TCP backpressure to the API server).
   */
  streamLines(
    path: string,
    onLine: (line: string) => void | Promise<void>,
    signal: AbortSignal,
  ): Promise<number>;
}

export async function kubeHttp(kubeconfigPath?: string): Promise<KubeHttp> {
  const kc = new KubeConfig();
  if (kubeconfigPath) kc.loadFromFile(kubeconfigPath);
  else kc.loadFromDefault();
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  const base: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(base);
  const agent = server.startsWith('https:')
    ? new https.Agent({
        ca: base.ca,
        cert: base.cert,
        key: base.key,
        rejectUnauthorized: base.rejectUnauthorized ?? true,
        keepAlive: true,
      })
    : new http.Agent({ keepAlive: true });
  const request = (path: string, signal?: AbortSignal) => {
    const mod = server.startsWith('https:') ? https : http;
    const options = {
      ...base,
      agent,
      method: 'GET',
      headers: { ...(base.headers ?? {}), Accept: 'application/json' },
    };
    return mod.request(new URL(server + path), signal ? { ...options, signal } : options);
  };
  return {
    server,
    getJson: (path) =>
      new Promise((resolve, reject) => {
        const req = request(path);
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({
                status: res.statusCode ?? 0,
                body: text ? (JSON.parse(text) as unknown) : undefined,
              });
            } catch (err) {
              reject(new Error(`GET ${path}: invalid JSON (HTTP ${res.statusCode})`, { cause: err }));
            }
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      }),
    streamLines: (path, onLine, signal) =>
      new Promise((resolve, reject) => {
        const req = request(path, signal);
        req.on('response', (res) => {
          res.setEncoding('utf8');
          const feeder = createLineFeeder({
            onLine,
            pause: () => res.pause(),
            resume: () => res.resume(),
            onDone: () => resolve(res.statusCode ?? 0),
            onError: (err) => {
              req.destroy();
              reject(err);
            },
          });
          res.on('data', (chunk: string) => feeder.push(chunk));
          res.on('end', () => feeder.end());
          res.on('error', reject);
          res.on('aborted', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', (err) => (signal.aborted ? resolve(0) : reject(err)));
        req.end();
      }),
  };
}
