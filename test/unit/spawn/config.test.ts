import { expect } from 'chai';
import { readConfig as spawnConfig } from '../../../functions/spawn/config.js';
import { readConfig as sourceConfig } from '../../../functions/github-source/config.js';

describe('spawn and github-source configuration', () => {
  it('spawn: defaults', () => {
    expect(spawnConfig({})).to.deep.equal({
      githubApiUrl: 'https://api.github.com',
      githubToken: undefined,
      watchNamespace: undefined,
      reservationTtlMs: 60_000,
    });
  });
  it('spawn: KELOS_SPAWN_RESERVATION_TTL as a duration, refused below 5s or when not a duration', () => {
    expect(spawnConfig({ KELOS_SPAWN_RESERVATION_TTL: '15s' }).reservationTtlMs).to.equal(15_000);
    expect(spawnConfig({ KELOS_SPAWN_RESERVATION_TTL: '2m' }).reservationTtlMs).to.equal(120_000);
    expect(() => spawnConfig({ KELOS_SPAWN_RESERVATION_TTL: '1s' })).to.throw(
      'KELOS_SPAWN_RESERVATION_TTL must be at least 5000 ms (got "1s")',
    );
    expect(() => spawnConfig({ KELOS_SPAWN_RESERVATION_TTL: 'soon' })).to.throw(
      'KELOS_SPAWN_RESERVATION_TTL must be a duration like 30s, 5m, 1h or 250ms (got "soon")',
    );
  });
  it('spawn: GITHUB_API_URL (trailing slash dropped), GITHUB_TOKEN, KELOS_WATCH_NAMESPACE', () => {
    expect(
      spawnConfig({
        GITHUB_API_URL: 'http://127.0.0.1:9/api/v3/',
        GITHUB_TOKEN: 't',
        KELOS_WATCH_NAMESPACE: 'ns',
      }),
    ).to.deep.equal({
      githubApiUrl: 'http://127.0.0.1:9/api/v3',
      githubToken: 't',
      watchNamespace: 'ns',
      reservationTtlMs: 60_000,
    });
  });
  it('github-source: names every missing variable in one error', () => {
    expect(() => sourceConfig({})).to.throw('GITHUB_WEBHOOK_SECRET is required; K_SINK is required');
  });
  it('github-source: defaults for timeout and body limit', () => {
    expect(sourceConfig({ GITHUB_WEBHOOK_SECRET: 's', K_SINK: 'http://sink' })).to.deep.equal({
      webhookSecret: 's',
      sink: 'http://sink',
      sinkTimeoutMs: 8000,
      bodyLimit: '25mb',
    });
  });
});
