/**
 * Whether a resync sweep leaves an object to its own event (DESIGN "Events
 * are hints", rule 5, and the minimum age beside it). An object written less
 * than `minAgeMs` ago has its event still in flight in a long burst (queued in
 * the broker behind thousands of others): a sweep that acted on it would do
 * the work twice, once now and once when the event arrives. Left alone, a lost
 * event is still made good, by the first tick after the object is old enough:
 * the worst-case delay grows from one tick to one tick + the minimum age.
 *
 * "Written": the newest `metadata.managedFields[].time` (the API server's
 * clock, whole seconds), else `creationTimestamp`. A time is taken as the end
 * of its second (the write was at most 999 ms later than it says), so an
 * object is never called old early.
 *
 * Clock skew (the API server's clock against this process's): a write time in
 * the future counts as young, but only while it is less than `minAgeMs` ahead.
 * Further ahead, the clocks disagree by more than the minimum age and the
 * object is swept as if the rule were off: with a skewed clock an object is
 * thus left alone at most about twice the minimum age, never forever.
 * An object with no readable time is swept (as before the rule).
 */
import type { ObjectMeta } from '../api/kube-types.js';
import type { EnvReader } from '../config/read-env.js';

export const SWEEP_MIN_AGE_ENV = 'KELOS_SWEEP_MIN_AGE';
/** Half the production tick (PingSource, every minute): a lost event waits at most ~90 s. */
export const DEFAULT_SWEEP_MIN_AGE_MS = 30_000;

/** KELOS_SWEEP_MIN_AGE as a duration (default 30s; 0 turns the rule off). */
export function readSweepMinAge(r: EnvReader): number {
  return r.durationMs(SWEEP_MIN_AGE_ENV, DEFAULT_SWEEP_MIN_AGE_MS, { minMs: 0 });
}

/** Epoch milliseconds of the object's last write (end of its second), or undefined when none is readable. */
export function lastWriteMs(meta: ObjectMeta): number | undefined {
  let newest: number | undefined;
  for (const entry of meta.managedFields ?? []) {
    const t = entry.time === undefined ? NaN : Date.parse(entry.time);
    if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
  }
  if (newest === undefined && meta.creationTimestamp !== undefined) {
    const t = Date.parse(meta.creationTimestamp);
    if (!Number.isNaN(t)) newest = t;
  }
  return newest === undefined ? undefined : newest + 999;
}

/** True when a sweep should leave the object to its event: written less than `minAgeMs` before `now` (skew: above). */
export function leftToEvent(meta: ObjectMeta, now: Date, minAgeMs: number): boolean {
  if (!(minAgeMs > 0)) return false;
  const written = lastWriteMs(meta);
  if (written === undefined) return false;
  const age = now.getTime() - written;
  return age < minAgeMs && age > -minAgeMs;
}
