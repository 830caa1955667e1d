/**
 * The clone's own Authorization header (git-init-containers.ts): scoped to
 * the origin of an HTTP(S) repository, computed by the shell from
 * $GITHUB_TOKEN at run time, never a token in the Pod spec. Running it for
 * real (clone, then a push with gemini-cli's blanked credential helper) is in
 * test/integration/images/images.test.ts and the real-node e2e.
 */
import { expect } from 'chai';
import { buildPod } from '../../../functions/launch-pod/build-pod.js';
import {
  gitCloneContainer,
  httpOrigin,
  persistAuthHeaderScript,
} from '../../../functions/launch-pod/git-init-containers.js';
import { IMAGES, init, makeTask, makeWorkspace } from './fixtures.js';

describe('git-clone: the Authorization header kept in the clone', () => {
  describe('httpOrigin', () => {
    const cases: [string, string | undefined][] = [
      ['https://github.com/example/repo.git', 'https://github.com/'],
      ['http://10.88.0.1:39113/widgets.git', 'http://10.88.0.1:39113/'],
      ['https://github.example.com:8443/org/repo', 'https://github.example.com:8443/'],
      // The default port and letter case are normalised as git's urlmatch does.
      ['HTTPS://GitHub.com:443/org/repo', 'https://github.com/'],
      // User info in the URL is not part of the scope.
      ['https://someone:secret@github.com/org/repo', 'https://github.com/'],
      ['git@github.com:org/repo.git', undefined],
      ['ssh://git@github.com/org/repo.git', undefined],
      ['file:///srv/remote.git', undefined],
      ['git://example.com/repo.git', undefined],
      ['not-a-valid-url', undefined],
    ];
    for (const [repo, want] of cases) {
      it(`${repo} → ${String(want)}`, () => expect(httpOrigin(repo)).to.equal(want));
    }
  });

  it('the script reads $GITHUB_TOKEN, appends to the clone config only, and quotes the origin', () => {
    const script = persistAuthHeaderScript("https://h'x/");
    expect(script).to.include('"$GITHUB_TOKEN" | base64');
    expect(script).to.include('>> /workspace/repo/.git/config; fi');
    expect(script).to.include(`'https://h'"'"'x/'`);
    // Written only when there is a token and base64 produced something.
    expect(script).to.match(/^if \[ -n "\$\{GITHUB_TOKEN:-\}" \]; then /);
    expect(script).to.include('[ -n "$auth" ] && printf');
  });

  it('a token workspace over HTTPS persists the header after the helper, for the repository host', () => {
    const pod = buildPod({
      task: makeTask({ branch: 'b' }),
      workspace: makeWorkspace({
        repo: 'https://github.example.com/org/repo.git',
        secretRef: { name: 'gh-token' },
      }),
      prompt: 'p',
      images: IMAGES,
    });
    const clone = init(pod, 'git-clone')!;
    const script = clone.command![2]!;
    expect(script).to.include(`&& ${persistAuthHeaderScript('https://github.example.com/')}`);
    expect(script.indexOf('config credential.helper')).to.be.lessThan(script.indexOf('extraHeader'));
    // No value from the Secret is in the spec: the token comes in as env from secretKeyRef.
    const tokenEnv = (clone.env ?? []).find((e) => e.name === 'GITHUB_TOKEN');
    expect(tokenEnv?.value).to.equal(undefined);
    expect(tokenEnv?.valueFrom?.secretKeyRef).to.deep.equal({ name: 'gh-token', key: 'GITHUB_TOKEN' });
  });

  it('no header for an ssh repository, nor without a token', () => {
    const ssh = gitCloneContainer(
      makeWorkspace({ repo: 'git@github.com:org/repo.git', secretRef: { name: 's' } }),
      'img',
      [],
      true,
    );
    expect(ssh.command![2]).to.include('config credential.helper').and.not.include('extraHeader');
    const anonymous = gitCloneContainer(makeWorkspace(), 'img', [], false);
    expect(anonymous.command).to.equal(undefined);
    expect(JSON.stringify(anonymous)).to.not.include('extraHeader');
  });
});
