/**
 * The few API server calls the event plane makes (list and watch), over the
 * functions' transport (functions/core/k8s/transport.ts) with credentials
 * from the same kubeconfig reader (credentials.ts). Watches are streams the
 * REST client does not offer, so they go through the transport's `open`.
 */
import { loadKubeCredentials } from '../../functions/core/k8s/credentials.js';
import { createTransport } from '../../functions/core/k8s/transport.js';
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
  const creds = await loadKubeCredentials(kubeconfigPath ? { KUBECONFIG: kubeconfigPath } : process.env);
  const transport = createTransport(creds);
  return {
    server: creds.server,
    async getJson(path) {
      const res = await transport.request({ method: 'GET', path });
      try {
        return { status: res.status, body: res.body ? (JSON.parse(res.body) as unknown) : undefined };
      } catch (err) {
        throw new Error(`GET ${path}: invalid JSON (HTTP ${res.status})`, { cause: err });
      }
    },
    async streamLines(path, onLine, signal) {
      let res;
      try {
        res = await transport.open({ method: 'GET', path, signal, timeoutMs: 0 });
      } catch (err) {
        if (signal.aborted) return 0;
        throw err;
      }
      const stream = res;
      return new Promise((resolve, reject) => {
        stream.setEncoding('utf8');
        const feeder = createLineFeeder({
          onLine,
          pause: () => stream.pause(),
          resume: () => stream.resume(),
          onDone: () => resolve(stream.statusCode ?? 0),
          onError: (err) => {
            stream.destroy();
            reject(err);
          },
        });
        stream.on('data', (chunk: string) => feeder.push(chunk));
        stream.on('end', () => feeder.end());
        stream.on('error', (err) => (signal.aborted ? resolve(stream.statusCode ?? 0) : reject(err)));
        stream.on('aborted', () => resolve(stream.statusCode ?? 0));
      });
    },
  };
}
