/**
 * Cron work items (KELOS-BEHAVIOUR §3.5): one item per tick t with
 * after < t <= now, UTC, chronological, at most 1000. Standard 5-field
 * expressions only (no seconds field, no descriptors), as the original's parser.
 */
import { CronExpressionParser } from 'cron-parser';
import type { WorkItem } from '../decide/work-item.js';

export const MAX_CRON_TICKS = 1000;

export function parseSchedule(schedule: string): void {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5 || schedule.includes('@')) {
    throw new Error(`invalid cron schedule "${schedule}": expected exactly 5 fields`);
  }
  try {
    CronExpressionParser.parse(schedule, { tz: 'UTC' });
  } catch (err) {
    throw new Error(`invalid cron schedule "${schedule}": ${(err as Error).message}`, { cause: err });
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Go layout `20060102-1504`, in UTC. */
export function cronTickId(t: Date): string {
  return (
    `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}-` +
    `${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}`
  );
}

/** RFC3339 without fractional seconds, as Go's time.RFC3339 prints a UTC time. */
export function rfc3339(t: Date): string {
  return t.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function cronTickItem(t: Date, schedule: string): WorkItem {
  const time = rfc3339(t);
  return {
    id: cronTickId(t),
    number: 0,
    title: time,
    body: '',
    url: '',
    labels: [],
    comments: '',
    kind: '',
    time,
    schedule,
  };
}

export function cronTicks(schedule: string, after: Date | undefined, now: Date): WorkItem[] {
  if (!after || Number.isNaN(after.getTime()) || after.getTime() <= 0) {
    throw new Error('cron source needs a last discovery time or creation timestamp');
  }
  parseSchedule(schedule);
  if (now.getTime() <= after.getTime()) return [];
  const expr = CronExpressionParser.parse(schedule, { tz: 'UTC', currentDate: after, endDate: now });
  const items: WorkItem[] = [];
  while (items.length < MAX_CRON_TICKS && expr.hasNext()) {
    const t = expr.next().toDate();
    if (t.getTime() > now.getTime()) break;
    items.push(cronTickItem(t, schedule));
  }
  return items;
}
