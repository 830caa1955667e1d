/**
 * The event plane on its own, for functions you run yourself
 * (`npm run function -- <name>` with K_SINK set to the printed broker URL):
 *
 *   node --import tsx scripts/event-plane/cli.ts \
 *     --service resolve-dependencies=http://127.0.0.1:8081 --service launch-pod=http://127.0.0.1:8082 \
 *     [--manifests knative] [--kubeconfig path] [--port 0] [--resync-seconds 60]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEventPlane } from './event-plane.js';

export function parseCli(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      manifests: {
        type: 'string',
        default: resolve(fileURLToPath(new URL('../../knative', import.meta.url))),
      },
      kubeconfig: { type: 'string' },
      service: { type: 'string', multiple: true, default: [] },
      port: { type: 'string', default: '0' },
      'resync-seconds': { type: 'string' },
    },
  });
  const services: Record<string, string> = {};
  for (const s of values.service) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new Error(`--service wants name=url, got ${JSON.stringify(s)}`);
    services[s.slice(0, eq)] = s.slice(eq + 1);
  }
  const resync = values['resync-seconds'] ?? process.env.KELOS_RESYNC_SECONDS;
  return {
    manifestsDir: values.manifests,
    ...(values.kubeconfig ? { kubeconfigPath: values.kubeconfig } : {}),
    services,
    port: Number(values.port),
    ...(resync ? { resyncSeconds: Number(resync) } : {}),
  };
}

async function main(): Promise<void> {
  const plane = await startEventPlane(parseCli(process.argv.slice(2)));
  await plane.synced;
  console.log(`event plane ready: K_SINK=${plane.brokerUrl()}`);
  const stop = () => void plane.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
