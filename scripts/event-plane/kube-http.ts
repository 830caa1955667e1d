/**
 * The few API server calls the event plane makes (list and watch), over the
 * functions' transport (functions/core/k8s/transport.ts) with credentials
 * from the same kubeconfig reader (credentials.ts). Watches are streams the
 * REST client does not offer, so they go through the transport's `open`.
 */
import { loadKubeCredentials } from '../../functions/core/k8s/credentials.js';
import { createTransport } from '../../functions/core/k8s/transport.js';

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
        let buffered = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          buffered += chunk;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            if (!line) continue;
            try {
              onLine(line);
            } catch (err) {
              stream.destroy();
              reject(err instanceof Error ? err : new Error(String(err)));
              return;
            }
          }
        });
        stream.on('end', () => resolve(stream.statusCode ?? 0));
        stream.on('error', (err) => (signal.aborted ? resolve(stream.statusCode ?? 0) : reject(err)));
        stream.on('aborted', () => resolve(stream.statusCode ?? 0));
      });
    },
  };
}
