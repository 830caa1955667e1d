/** The short run's seeds and sizes (the normal suite), and how its figures are printed. */
import type { StormFigures } from './storm.js';

export const SHORT_RUN = {
  /** Fixed seeds; seed 1 was the one that found the lost-create bug (test/integration/spawn/lost-create.test.ts). */
  fixed: [
    { seed: 1, events: 500 },
    { seed: 2, events: 500 },
    { seed: 3, events: 500 },
  ],
  randomEvents: 500,
};

export function formatFigures(f: StormFigures, indent = ''): string {
  const faults = Object.entries(f.proxyFaults)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `seed ${f.seed}: set up in ${(f.setupMs / 1000).toFixed(1)} s, ${f.stepsRun}/${f.events} events in ${(f.stormMs / 1000).toFixed(1)} s (${(f.pacedMs / 1000).toFixed(1)} s of it paced), converged in ${(f.convergeMs / 1000).toFixed(1)} s (total ${(f.totalMs / 1000).toFixed(1)} s)`,
    `  steps: ${Object.entries(f.steps)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  API requests via proxy ${f.apiRequests}; faults injected: ${faults}`,
    `  CloudEvents routed ${f.deliveries.received}: dropped ${f.deliveries.dropped}, duplicated ${f.deliveries.duplicated}, delayed ${f.deliveries.delayed}, replica down ${f.deliveries.replicaDown}; dead letters ${f.deadLetters}`,
    `  replicas killed ${f.kills} (${f.killsMidRequest} mid-request); kube-apiserver restarts ${f.apiserverRestarts} (${(f.apiserverDownMs / 1000).toFixed(1)} s down); webhooks ${f.webhooks}`,
    `  Tasks created by the storm ${f.tasks}, Pods ${f.pods}; invariant checks ${f.invariantChecks}`,
  ]
    .map((l) => indent + l)
    .join('\n');
}
