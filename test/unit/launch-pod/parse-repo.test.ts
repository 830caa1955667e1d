import { expect } from 'chai';
import { apiBaseUrl, isEnterpriseHost, parseGitHubRepo } from '../../../functions/core/git/parse-repo.js';

describe('parseGitHubRepo', () => {
  const cases: [string, string, string, string][] = [
    // url, host, owner, repo
    ['https://github.com/kelos-dev/kelos', 'github.com', 'kelos-dev', 'kelos'],
    ['https://github.com/kelos-dev/kelos.git', 'github.com', 'kelos-dev', 'kelos'],
    ['https://github.com/kelos-dev/kelos/', 'github.com', 'kelos-dev', 'kelos'],
    ['http://github.com/my-org/my-repo', 'github.com', 'my-org', 'my-repo'],
    ['git@github.com:kelos-dev/kelos', 'github.com', 'kelos-dev', 'kelos'],
    ['git@github.com:kelos-dev/kelos.git', 'github.com', 'kelos-dev', 'kelos'],
    ['https://github.example.com/org/repo', 'github.example.com', 'org', 'repo'],
    ['https://github.example.com/org/repo.git', 'github.example.com', 'org', 'repo'],
    ['git@github.example.com:org/repo.git', 'github.example.com', 'org', 'repo'],
    ['https://github.example.com:8443/org/repo', 'github.example.com:8443', 'org', 'repo'],
    ['https://github.com/org/my.repo', 'github.com', 'org', 'my'],
    ['git://github.com/org/repo.git', '', 'org', 'repo'],
    ['org/repo', '', 'org', 'repo'],
    ['org/repo/', '', 'org', 'repo'],
    ['not-a-valid-url', '', '', 'unknown-repo-not-a-valid-url'],
  ];
  for (const [url, host, owner, repo] of cases) {
    it(`parses ${url}`, () => {
      expect(parseGitHubRepo(url)).to.deep.equal({ host, owner, repo });
    });
  }
});

describe('isEnterpriseHost / apiBaseUrl', () => {
  const cases: [string, boolean, string][] = [
    ['', false, 'https://api.github.com'],
    ['github.com', false, 'https://api.github.com'],
    ['github.example.com', true, 'https://github.example.com/api/v3'],
    ['github.example.com:8443', true, 'https://github.example.com:8443/api/v3'],
  ];
  for (const [host, enterprise, base] of cases) {
    it(`host "${host}"`, () => {
      expect(isEnterpriseHost(host)).to.equal(enterprise);
      expect(apiBaseUrl(host)).to.equal(base);
    });
  }
});
