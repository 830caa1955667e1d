import { expect } from 'chai';
import { readConfig } from '../../../functions/launch-pod/config.js';
import { imageEnvName } from '../../../functions/launch-pod/images.js';

describe('launch-pod readConfig', () => {
  it('defaults: our images per type, alpine/git, no pull policy, api.github.com', () => {
    expect(readConfig({})).to.deep.equal({
      images: {
        agents: {
          'claude-code': 'ghcr.io/kelos-dev/kelos-knative/claude-code:latest',
          codex: 'ghcr.io/kelos-dev/kelos-knative/codex:latest',
          gemini: 'ghcr.io/kelos-dev/kelos-knative/gemini:latest',
          opencode: 'ghcr.io/kelos-dev/kelos-knative/opencode:latest',
        },
        git: 'alpine/git:v2.47.2',
      },
      imagePullPolicy: undefined,
      githubApiBaseUrl: 'https://api.github.com',
      watchNamespace: undefined,
      sweepMinAgeMs: 30_000,
    });
  });

  it('every setting from the environment', () => {
    const c = readConfig({
      KELOS_CLAUDE_CODE_IMAGE: 'r/claude:1',
      KELOS_CODEX_IMAGE: 'r/codex:1',
      KELOS_GIT_IMAGE: 'r/git:1',
      KELOS_IMAGE_PULL_POLICY: 'Always',
      KELOS_GITHUB_API_BASE_URL: 'http://127.0.0.1:9999/',
      KELOS_WATCH_NAMESPACE: 'team-a',
      KELOS_SWEEP_MIN_AGE: '0',
    });
    expect(c.watchNamespace).to.equal('team-a');
    expect(c.sweepMinAgeMs).to.equal(0);
    expect(c.images.agents['claude-code']).to.equal('r/claude:1');
    expect(c.images.agents.codex).to.equal('r/codex:1');
    expect(c.images.agents.gemini).to.equal('ghcr.io/kelos-dev/kelos-knative/gemini:latest');
    expect(c.images.git).to.equal('r/git:1');
    expect(c.imagePullPolicy).to.equal('Always');
    expect(c.githubApiBaseUrl).to.equal('http://127.0.0.1:9999');
  });

  it('rejects an unknown pull policy, naming the variable', () => {
    expect(() => readConfig({ KELOS_IMAGE_PULL_POLICY: 'Sometimes' })).to.throw(
      /KELOS_IMAGE_PULL_POLICY must be one of Always, IfNotPresent, Never/,
    );
  });

  it('image env names', () => {
    expect(imageEnvName('claude-code')).to.equal('KELOS_CLAUDE_CODE_IMAGE');
    expect(imageEnvName('opencode')).to.equal('KELOS_OPENCODE_IMAGE');
  });
});
