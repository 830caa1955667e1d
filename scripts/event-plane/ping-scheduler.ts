/**
 * Fires each PingSource on its cron schedule (cron-parser, honouring
 * spec.timezone), or every `everySeconds` when the local run overrides the
 * period (KELOS_RESYNC_SECONDS) so tests need not wait a minute.
 */
import { CronExpressionParser } from 'cron-parser';

export interface PingScheduleOptions {
  schedule: string;
  timezone?: string;
  everySeconds?: number;
  fire: (at: Date) => void;
  now?: () => Date;
}

/** Milliseconds from `now` to the schedule's next firing. */
export function nextDelayMs(schedule: string, now: Date, timezone?: string): number {
  // robfig/cron (Knative) knows @midnight; cron-parser does not, and it means @daily.
  const expression = schedule.trim() === '@midnight' ? '@daily' : schedule;
  const expr = CronExpressionParser.parse(
    expression,
    timezone ? { currentDate: now, tz: timezone } : { currentDate: now },
  );
  return Math.max(0, expr.next().toDate().getTime() - now.getTime());
}

export function schedulePing(o: PingScheduleOptions): { stop(): void } {
  const now = o.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    const delay =
      o.everySeconds !== undefined ? o.everySeconds * 1000 : nextDelayMs(o.schedule, now(), o.timezone);
    timer = setTimeout(() => {
      o.fire(now());
      arm();
    }, delay);
  };
  arm();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
