/** The minimum age under which a resync sweep leaves an object to its own event (pure). */
import { expect } from 'chai';
import type { ObjectMeta } from '../../../functions/core/api/kube-types.js';
import { envReader } from '../../../functions/core/config/read-env.js';
import {
  DEFAULT_SWEEP_MIN_AGE_MS,
  lastWriteMs,
  leftToEvent,
  readSweepMinAge,
} from '../../../functions/core/runtime/sweep-min-age.js';

const T0 = '2026-12-04T04:00:00Z';
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);
const MIN = 30_000;

const created = (iso: string): ObjectMeta => ({ name: 't', creationTimestamp: iso });
const written = (...times: (string | undefined)[]): ObjectMeta => ({
  name: 't',
  creationTimestamp: T0,
  managedFields: times.map((time) => ({ manager: 'm', operation: 'Update', ...(time ? { time } : {}) })),
});

describe('sweep minimum age', () => {
  it('last write: the newest managed-fields time, at the end of its second', () => {
    const meta = written('2026-12-04T04:00:05Z', '2026-12-04T04:00:20Z', '2026-12-04T04:00:10Z');
    expect(lastWriteMs(meta)).to.equal(Date.parse('2026-12-04T04:00:20Z') + 999);
  });

  it('last write: creationTimestamp when no managed field has a readable time; undefined when nothing is readable', () => {
    expect(lastWriteMs(created(T0))).to.equal(Date.parse(T0) + 999);
    expect(lastWriteMs(written(undefined, 'not a time'))).to.equal(Date.parse(T0) + 999);
    expect(lastWriteMs({ name: 't' })).to.equal(undefined);
    expect(lastWriteMs({ name: 't', creationTimestamp: 'garbage' })).to.equal(undefined);
  });

  it('young (left to its event) until the minimum age has passed since the end of the write second', () => {
    const meta = written('2026-12-04T04:00:20Z');
    expect(leftToEvent(meta, at('2026-12-04T04:00:20Z'), MIN)).to.equal(true);
    expect(leftToEvent(meta, at('2026-12-04T04:00:50Z', 998), MIN)).to.equal(true);
    expect(leftToEvent(meta, at('2026-12-04T04:00:50Z', 999), MIN)).to.equal(false);
    expect(leftToEvent(meta, at('2026-12-04T05:00:00Z'), MIN)).to.equal(false);
  });

  it('a later write makes an old object young again (a status write counts, not only the create)', () => {
    const now = at('2026-12-04T04:10:00Z');
    expect(leftToEvent(written('2026-12-04T04:00:00Z'), now, MIN)).to.equal(false);
    expect(leftToEvent(written('2026-12-04T04:00:00Z', '2026-12-04T04:09:50Z'), now, MIN)).to.equal(true);
  });

  it('clock skew: a write time in the future is young while less than the minimum age ahead, old beyond (never left forever)', () => {
    const meta = written('2026-12-04T04:01:00Z');
    expect(leftToEvent(meta, at('2026-12-04T04:00:50Z'), MIN)).to.equal(true); // 11 s ahead
    expect(leftToEvent(meta, at('2026-12-04T04:00:31Z'), MIN)).to.equal(true); // 29.999 s ahead
    expect(leftToEvent(meta, at('2026-12-04T04:00:30Z'), MIN)).to.equal(false); // 30.999 s ahead: clocks disagree
    expect(leftToEvent(meta, at('2026-12-04T03:00:00Z'), MIN)).to.equal(false); // an hour ahead
  });

  it('off at 0, and an object with no readable time is swept', () => {
    expect(leftToEvent(written('2026-12-04T04:00:20Z'), at('2026-12-04T04:00:20Z'), 0)).to.equal(false);
    expect(leftToEvent({ name: 't' }, at(T0), MIN)).to.equal(false);
  });

  it('KELOS_SWEEP_MIN_AGE: a duration, default 30s, 0 allowed, refused when negative or not a duration', () => {
    expect(DEFAULT_SWEEP_MIN_AGE_MS).to.equal(30_000);
    expect(readSweepMinAge(envReader({}))).to.equal(30_000);
    expect(readSweepMinAge(envReader({ KELOS_SWEEP_MIN_AGE: '0' }))).to.equal(0);
    expect(readSweepMinAge(envReader({ KELOS_SWEEP_MIN_AGE: '45s' }))).to.equal(45_000);
    expect(readSweepMinAge(envReader({ KELOS_SWEEP_MIN_AGE: '250ms' }))).to.equal(250);
    for (const bad of ['-5s', 'soon']) {
      const r = envReader({ KELOS_SWEEP_MIN_AGE: bad });
      readSweepMinAge(r);
      expect(() => r.done({})).to.throw(
        `KELOS_SWEEP_MIN_AGE must be a duration like 30s, 5m, 1h or 250ms (got "${bad}")`,
      );
    }
  });
});
