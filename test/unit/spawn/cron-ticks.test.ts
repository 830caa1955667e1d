import { expect } from 'chai';
import {
  cronTicks,
  cronTickId,
  parseSchedule,
  MAX_CRON_TICKS,
} from '../../../functions/spawn/sources/cron-ticks.js';

const at = (s: string): Date => new Date(s);

describe('spawner cron ticks (KELOS-BEHAVIOUR §8.8 cron_test)', () => {
  it('Discover: hourly schedule over 3h gives 3 items with schedule and ID', () => {
    const items = cronTicks('0 * * * *', at('2026-02-07T06:30:00Z'), at('2026-02-07T09:30:00Z'));
    expect(items.map((i) => i.id)).to.deep.equal(['20260207-0700', '20260207-0800', '20260207-0900']);
    expect(items.every((i) => i.schedule === '0 * * * *')).to.equal(true);
  });
  it('MultipleTicks: every minute over 5 min, chronological', () => {
    const items = cronTicks('* * * * *', at('2026-02-07T09:00:30Z'), at('2026-02-07T09:05:30Z'));
    expect(items).to.have.length(5);
    const ids = items.map((i) => i.id);
    expect([...ids].sort()).to.deep.equal(ids);
  });
  it('NoTicks: yearly schedule with a recent last discovery', () => {
    expect(cronTicks('0 0 1 1 *', at('2026-02-07T09:00:00Z'), at('2026-02-07T10:00:00Z'))).to.deep.equal([]);
  });
  it('includes a tick exactly at now, excludes one exactly at last', () => {
    const items = cronTicks('0 9 * * *', at('2026-02-07T09:00:00Z'), at('2026-02-08T09:00:00Z'));
    expect(items.map((i) => i.id)).to.deep.equal(['20260208-0900']);
  });
  const invalid = ['not a cron', '* * * *', '0 * * * * *', '@hourly', '61 * * * *'];
  for (const schedule of invalid) {
    it(`InvalidSchedule: ${schedule}`, () => {
      expect(() => cronTicks(schedule, at('2026-02-07T09:00:00Z'), at('2026-02-07T10:00:00Z'))).to.throw(
        /invalid cron schedule/,
      );
      expect(() => parseSchedule(schedule)).to.throw();
    });
  }
  it('IDFormat: 0 9 7 2 * → 20260207-0900 and RFC3339 time', () => {
    const [item] = cronTicks('0 9 7 2 *', at('2026-02-01T00:00:00Z'), at('2026-02-10T00:00:00Z'));
    expect(item?.id).to.equal('20260207-0900');
    expect(item?.time).to.equal('2026-02-07T09:00:00Z');
    expect(cronTickId(at('2026-12-31T23:59:00Z'))).to.equal('20261231-2359');
  });
  it('ZeroLastDiscoveryTime: error', () => {
    expect(() => cronTicks('* * * * *', undefined, at('2026-02-07T10:00:00Z'))).to.throw();
    expect(() => cronTicks('* * * * *', new Date(0), at('2026-02-07T10:00:00Z'))).to.throw();
  });
  it('MaxTicks: one year of minutes is capped at 1000, oldest first', () => {
    const items = cronTicks('* * * * *', at('2025-02-07T09:00:00Z'), at('2026-02-07T09:00:00Z'));
    expect(items).to.have.length(MAX_CRON_TICKS);
    expect(items[0]?.id).to.equal('20250207-0901');
  });
  it('WorkItemFields: Title = Time, Number 0, empty Body/URL, Kind empty', () => {
    const [item] = cronTicks('30 8 * * *', at('2026-03-01T00:00:00Z'), at('2026-03-01T12:00:00Z'));
    expect(item).to.deep.include({
      title: '2026-03-01T08:30:00Z',
      time: '2026-03-01T08:30:00Z',
      number: 0,
      body: '',
      url: '',
      kind: '',
      schedule: '30 8 * * *',
    });
  });
  it('uses UTC regardless of TZ', () => {
    const items = cronTicks('0 0 * * *', at('2026-03-01T12:00:00Z'), at('2026-03-02T12:00:00Z'));
    expect(items.map((i) => i.time)).to.deep.equal(['2026-03-02T00:00:00Z']);
  });
});
