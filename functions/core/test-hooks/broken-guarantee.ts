/**
 * TEST-ONLY switches that break one guarantee on purpose, so the storm suite
 * (test/storm/bite.test.ts) can prove its invariants notice. All off unless
 * KELOS_TEST_BREAK (comma-separated) names them; nothing but the storm sets
 * it, and no manifest, script or default ever does. Never set it in a
 * deployment: each one can double-run agents or lose work.
 *
 * - `branch-lease`: resolve-dependencies takes a branch without its Lease check;
 * - `spawn-reservation`: spawn creates Tasks without reserving ledger capacity first;
 * - `status-resource-version`: status writes ignore resourceVersion (an unguarded merge patch);
 * - `resync-sweep`: every function ignores resync ticks.
 */
export const BREAKABLE = [
  'branch-lease',
  'spawn-reservation',
  'status-resource-version',
  'resync-sweep',
] as const;
export type Breakable = (typeof BREAKABLE)[number];

export const BREAK_ENV = 'KELOS_TEST_BREAK';

/** Whether the named guarantee is switched off in this process (read per call: cheap, and tests may set it). */
export function broken(what: Breakable, env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[BREAK_ENV];
  if (!value) return false;
  return value.split(',').some((v) => v.trim() === what);
}
