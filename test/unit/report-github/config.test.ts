import { expect } from 'chai';
import { ConfigError } from '../../../functions/core/config/read-env.js';
import { readConfig } from '../../../functions/report-github/config.js';
import { apiBaseFor } from '../../../functions/report-github/github-access.js';

describe('report-github: configuration and API base', () => {
  it('reads its environment with defaults', () => {
    expect(readConfig({})).to.deep.equal({
      githubApiUrl: 'https://api.github.com',
      githubToken: undefined,
      watchNamespace: undefined,
      retryBaseMs: 1000,
    });
    expect(
      readConfig({
        GITHUB_API_URL: 'http://127.0.0.1:9/',
        GITHUB_TOKEN: 't',
        KELOS_GITHUB_RETRY_BASE_MS: '5',
      }),
    ).to.deep.include({ githubApiUrl: 'http://127.0.0.1:9', githubToken: 't', retryBaseMs: 5 });
  });
  it('names a bad retry base', () => {
    expect(() => readConfig({ KELOS_GITHUB_RETRY_BASE_MS: 'soon' }))
      .to.throw(ConfigError)
      .with.property('message')
      .that.includes('KELOS_GITHUB_RETRY_BASE_MS');
  });
  it('uses GITHUB_API_URL for github.com items and https://<host>/api/v3 for Enterprise hosts', () => {
    const config = { githubApiUrl: 'http://127.0.0.1:9' };
    expect(apiBaseFor({ host: 'github.com' }, config)).to.equal('http://127.0.0.1:9');
    expect(apiBaseFor({ host: 'ghe.example.com:8443' }, config)).to.equal(
      'https://ghe.example.com:8443/api/v3',
    );
  });
});
