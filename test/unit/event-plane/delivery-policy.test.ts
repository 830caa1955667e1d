import { expect } from 'chai';
import { isRetriable, retryPolicy } from '../../../scripts/event-plane/delivery-policy.js';
import { parseIsoDurationMs } from '../../../scripts/event-plane/iso-duration.js';
import { nextDelayMs } from '../../../scripts/event-plane/ping-scheduler.js';

describe('event-plane delivery policy', () => {
  it('parses ISO-8601 durations', () => {
    expect(parseIsoDurationMs('PT0.2S')).to.equal(200);
    expect(parseIsoDurationMs('PT1M30S')).to.equal(90_000);
    expect(parseIsoDurationMs('P1DT1H')).to.equal(25 * 3600_000);
    expect(parseIsoDurationMs('P1W')).to.equal(7 * 24 * 3600_000);
    for (const bad of ['', 'P', 'PT', '0.2S', 'PT2X', 'P1M2D'.replace('D', 'Y')]) {
      expect(() => parseIsoDurationMs(bad), bad).to.throw(/invalid ISO-8601 duration/);
    }
  });

  it('exponential backoff doubles from backoffDelay; linear grows by it; timeScale compresses', () => {
    const exp = retryPolicy({ retry: 5, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' });
    expect(exp.attempts).to.equal(6);
    expect([1, 2, 3, 4, 5].map((n) => exp.delayMs(n))).to.deep.equal([200, 400, 800, 1600, 3200]);
    const lin = retryPolicy({ retry: 3, backoffPolicy: 'linear', backoffDelay: 'PT1S' });
    expect([1, 2, 3].map((n) => lin.delayMs(n))).to.deep.equal([1000, 2000, 3000]);
    expect(
      retryPolicy({ retry: 2, backoffPolicy: 'exponential', backoffDelay: 'PT1S' }, 0.01).delayMs(2),
    ).to.equal(20);
    expect(retryPolicy(undefined).attempts).to.equal(1);
  });

  it('retries what Knative retries', () => {
    expect([undefined, 500, 502, 503, 404, 408, 409, 429].every(isRetriable)).to.equal(true);
    expect([200, 202, 204, 301, 400, 401, 403, 413].some(isRetriable)).to.equal(false);
  });

  it('computes the next PingSource tick from the cron schedule', () => {
    expect(nextDelayMs('* * * * *', new Date('2026-11-25T12:00:15Z'))).to.equal(45_000);
    expect(nextDelayMs('0 9 * * *', new Date('2026-11-25T08:00:00Z'))).to.equal(3600_000);
    expect(nextDelayMs('30 * * * * *', new Date('2026-11-25T12:00:10Z'))).to.equal(20_000);
    expect(nextDelayMs('@midnight', new Date('2026-11-25T23:00:00Z'), 'UTC')).to.equal(3600_000);
    expect(nextDelayMs('@hourly', new Date('2026-11-25T12:59:00Z'), 'UTC')).to.equal(60_000);
    // 07:30Z is 08:30 in Paris (UTC+1 in November).
    expect(nextDelayMs('0 9 * * *', new Date('2026-11-25T07:30:00Z'), 'Europe/Paris')).to.equal(1_800_000);
  });
});
