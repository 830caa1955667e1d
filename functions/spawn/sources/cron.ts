/**
 * Cron (KELOS-BEHAVIOUR §3.5): one work item per schedule tick since the
 * spawner's cursor (or its creation), up to the pass time. The ticks go back
 * with the window so finalize.ts can move the cursor past those admitted.
 */
import { readLedger } from '../decide/ledger.js';
import { cronStart } from '../decide/schedule.js';
import { cronTicks } from './cron-ticks.js';
import type { Source } from './source.js';

export const cronSource: Source = {
  name: 'cron',
  handles: (spawner) => spawner.spec.when.cron !== undefined,
  discover(spawner, context) {
    const cron = spawner.spec.when.cron;
    if (!cron) return Promise.resolve({ items: [] });
    const until = context.passTime;
    const ticks = cronTicks(cron.schedule, cronStart(spawner, readLedger(spawner)), until);
    return Promise.resolve({ items: ticks, cron: { ticks, until } });
  },
};
