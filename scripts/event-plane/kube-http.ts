/**
 * The few API server calls the event plane makes (list and watch), over
 * node:https with the credentials of a kubeconfig (client-node's KubeConfig
 * does the loading: token, client certificates, CA).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeHttp {
  /** The API server URL (the `source` of ApiServerSource events). */
  server: string;
  getJson(path: string): Promise<{ status: number; body: unknown }>;
  /**
   * Streams newline-delimited JSON until the server closes it or `signal`
   * aborts; resolves with the HTTP status. A throwing `onLine` ends the
   * stream and rejects with that error.
   */
  streamLines(path: string, onLine: (line: string) => void, signal: AbortSignal): Promise<number>;
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
          let buffered = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffered += chunk;
            let nl: number;
            while ((nl = buffered.indexOf('\n')) >= 0) {
              const line = buffered.slice(0, nl).trim();
              buffered = buffered.slice(nl + 1);
              if (!line) continue;
              try {
                onLine(line);
              } catch (err) {
                req.destroy();
                reject(err instanceof Error ? err : new Error(String(err)));
                return;
              }
            }
          });
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
          res.on('aborted', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', (err) => (signal.aborted ? resolve(0) : reject(err)));
        req.end();
      }),
  };
}
