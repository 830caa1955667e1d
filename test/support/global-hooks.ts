/**
 * Mocha root hooks for every suite: stop the shared test control plane (if a
 * suite started one) once the whole run is over.
 */
import { stopCluster } from './cluster.js';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopCluster();
  },
};

// Interrupted runs (Ctrl-C) still stop the control plane before exiting.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopCluster().finally(() => process.exit(130));
  });
}
